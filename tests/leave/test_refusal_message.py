"""Refusing leave in the inbox: done, but not good news — the message is neutral, not green
(as a refused leave-post notice's, portal.approvals.web.message_category)."""

from datetime import timedelta

from portal.clock import local_today
from tests import factories
from tests.absence.test_refusal import HX, messages
from tests.leave.test_requests import working_days


def test_refusing_leave_is_not_green_either(app, as_user):
    with app.app_context():
        team = factories.team()
        day = working_days(1, after=local_today() + timedelta(days=7))[0]
        leave = factories.leave(team.worker, day, day, state="submitted", approver=team.head)
    row = as_user(team.head.username).post(f"/leave/{leave.id}/decide",
                                           data={"outcome": "refuse", "note": "年底任务重，请改期。"}, headers=HX)
    assert row.status_code == 200 and messages(row.get_data(as_text=True))[0][0] == "info"

"""Refusing a leave-post notice: a reason is required, as for leave (the same decision
component), and the answer is not shown as good news — neutral, as the leave inbox's refusal."""

import re

from sqlalchemy import select

from portal.absence.models import LeavePostNotice
from portal.extensions import db
from tests import factories

HX = {"HX-Request": "true"}


def messages(html: str) -> list[tuple[str, str]]:
    """(category, text) of the messages swapped into #messages."""
    box = re.search(r'<div id="messages".*?</div>', html, re.S).group(0)
    return re.findall(r'<p class="flash flash-(\w+)"[^>]*>([^<]*)</p>', box)


def test_refusing_a_notice_needs_a_reason_and_is_not_green(app, as_user):
    with app.app_context():
        team = factories.team()
        waiting = factories.notice(team.worker, state="pending")
    head = as_user(team.head.username)
    page = head.get("/absence/approvals").get_data(as_text=True)
    assert f'id="notice-{waiting.id}"' in page and "理由（不批准时必填）" in page
    for note in ("", "   "):
        row = head.post(f"/absence/{waiting.id}/decide", data={"outcome": "refuse", "note": note}, headers=HX)
        assert row.status_code == 422 and "不批准时请填写理由" in row.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LeavePostNotice, waiting.id).state == "pending"

    row = head.post(f"/absence/{waiting.id}/decide", data={"outcome": "refuse", "note": "年底结算，今天不能离岗。"},
                    headers=HX)
    html = row.get_data(as_text=True)
    assert row.status_code == 200
    assert messages(html) == [("info", f"未批准：{team.worker.name}。")]          # not flash-success
    assert '<span class="tag">未批准</span>' in html                              # the leave inbox's refused tag
    assert "年底结算，今天不能离岗。" in html                                       # the reason, with the decision
    with app.app_context():
        notice = db.session.get(LeavePostNotice, waiting.id)
        assert (notice.state, notice.decision_note) == ("refused", "年底结算，今天不能离岗。")
    # without htmx: the same, flashed on the page it goes back to
    with app.app_context():
        other = factories.notice(factories.person(team.department), state="pending", approver=team.head)
    page = head.post(f"/absence/{other.id}/decide", data={"outcome": "refuse", "note": "请改天。"},
                     follow_redirects=True).get_data(as_text=True)
    assert messages(page)[0][0] == "info"
    # an approval is good news: green
    with app.app_context():
        third = factories.notice(factories.person(team.department), state="pending", approver=team.head)
    row = head.post(f"/absence/{third.id}/decide", data={"outcome": "approve"}, headers=HX)
    assert messages(row.get_data(as_text=True))[0][0] == "success"


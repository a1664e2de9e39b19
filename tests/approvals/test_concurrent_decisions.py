"""Two decisions at the same moment, against a real server with a thread per request (on
SQLite, and on PostgreSQL when the suite runs there): exactly one decision, one history
entry, and the other side is told who decided first."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from decimal import Decimal
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select

from portal.approvals.models import Decision
from portal.clock import local_today
from portal.extensions import db
from portal.leave.models import LeaveEvent, LeaveRequest
from tests import factories
from tests.conftest import DEMO_PASSWORD, serve

ROUNDS = 4


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One device: its own cookies, no redirects followed."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect)
        assert self.post("/login", {"username": username, "password": DEMO_PASSWORD})[0] == 302

    def post(self, path: str, data: dict, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode(),
                                         headers=headers or {}, method="POST")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def at_once(*calls):
    """Run the calls in parallel threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def worker_and_head(app):
    """A department, its head and one of the head's people (a one-day request of theirs goes to the head)."""
    with app.app_context():
        dept = factories.department()
        head = factories.person(dept, head_of=dept)
        return factories.person(dept), head


def submitted_leave(app, employee_id: int, approver_id: int, weeks_ahead: int) -> int:
    """A one-day request of the employee waiting for the approver (a Monday weeks ahead)."""
    day = local_today() + timedelta(weeks=weeks_ahead)
    day -= timedelta(days=day.weekday())
    with app.app_context():
        leave = LeaveRequest(employee_id=employee_id, leave_type="personal", start_date=day, start_part="am",
                             end_date=day, end_part="pm", days=Decimal(1), state="submitted",
                             approver_level="department_head", approver_id=approver_id)
        db.session.add(leave)
        db.session.commit()
        return leave.id


def history(app, leave_id: int) -> tuple[str, list[str], int]:
    with app.app_context():
        state = db.session.scalar(select(LeaveRequest.state).where(LeaveRequest.id == leave_id))
        kinds = list(db.session.scalars(select(LeaveEvent.kind).where(LeaveEvent.request_id == leave_id)))
        decisions = db.session.scalar(select(func.count()).select_from(Decision).where(
            Decision.subject == "leave", Decision.subject_id == leave_id))
        return state, kinds, decisions


HX = {"HX-Request": "true"}


@pytest.mark.parametrize("second_outcome", ["approve", "refuse"])
def test_one_approver_on_two_devices_decides_once(app, second_outcome):
    staff, head = worker_and_head(app)
    with serve(app) as base:
        phone, desk = Browser(base, head.username), Browser(base, head.username)
        for n in range(ROUNDS):
            leave_id = submitted_leave(app, staff.id, head.id, weeks_ahead=3 + n)
            answers = at_once(
                lambda: phone.post(f"/leave/{leave_id}/decide", {"outcome": "approve"}, HX),
                lambda: desk.post(f"/leave/{leave_id}/decide", {"outcome": second_outcome, "note": "请改期"}, HX))
            statuses = sorted(status for status, _body in answers)
            assert statuses == [200, 409], answers
            loser = next(body for status, body in answers if status == 409)
            assert head.name in loser and "已审批" in loser  # who decided first, said plainly
            state, kinds, decisions = history(app, leave_id)
            assert state in ("approved", "refused") and decisions == 1 and kinds.count("decided") == 1


def test_cancelling_against_approving_leaves_one_outcome(app):
    staff, head = worker_and_head(app)
    with serve(app) as base:
        requester, approver = Browser(base, staff.username), Browser(base, head.username)
        for n in range(ROUNDS):
            leave_id = submitted_leave(app, staff.id, head.id, weeks_ahead=3 + n)
            at_once(lambda: requester.post(f"/leave/{leave_id}/cancel", {}),
                    lambda: approver.post(f"/leave/{leave_id}/decide", {"outcome": "approve"}, HX))
            state, kinds, decisions = history(app, leave_id)
            # Either the approval came first (and the cancel then withdrew approved leave, or was
            # told it was decided meanwhile), or the cancel came first (nothing left to decide):
            # never two decisions, never an approval of a cancelled request.
            assert decisions == kinds.count("decided") <= 1 and kinds.count("cancelled") <= 1
            assert state == ("cancelled" if "cancelled" in kinds else "approved")
            if "decided" in kinds and "cancelled" in kinds:
                assert kinds.index("decided") < kinds.index("cancelled")

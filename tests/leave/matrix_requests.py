"""Access rows of the leave requests pages (see tests/test_access_policy.py)."""

from sqlalchemy import select

from portal.extensions import db
from portal.leave.models import LeaveRequest, OrganiserExcuse
from tests.roles import LOGGED_IN, OFFICE

# The demo requests (portal/leave/demo_requests.py, not imported: that would register its seeder early).
MARKER = "孩子学校开家长会，需请假一天。"
MARRIAGE_REASON = "本人结婚，申请婚假。"
CALENDAR = OFFICE | {"gm", "deputy", "cs-head", "invest-head", "branch-mgr"}

MATRIX = [
    ("GET", "/leave/", LOGGED_IN),
    ("GET", "/leave/new", LOGGED_IN),
    ("GET", "/leave/preview?leave_type=personal&start_date=2026-12-01&end_date=2026-12-02&start_part=am&end_part=pm", LOGGED_IN),
    ("GET", "/leave/{leave}", {"staff", "invest-head"}),
    ("GET", "/leave/{proof_leave}/proof", {"cs", "gm"}),
    ("GET", "/leave/inbox", LOGGED_IN),
    ("GET", "/leave/calendar", CALENDAR),
    ("GET", "/leave/excuses", LOGGED_IN),
    ("POST", "/leave/new", LOGGED_IN),
    ("POST", "/leave/excuses", LOGGED_IN),
    ("POST", "/leave/excuses/{excuse}/answer", {"office-head"}),
    ("POST", "/leave/{leave}/decide", {"invest-head"}),
    ("POST", "/leave/{leave}/report-back", {"staff"}),
    ("POST", "/leave/{leave}/cancel", {"staff"}),
]


def ids(app) -> dict:
    with app.app_context():
        return {
            "leave": db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARKER)),
            "proof_leave": db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARRIAGE_REASON)),
            "excuse": db.session.scalar(select(OrganiserExcuse.id).where(
                OrganiserExcuse.activity == "冬季安全生产培训")),
        }

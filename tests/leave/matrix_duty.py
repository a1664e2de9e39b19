"""Access matrix rows of the duty part: roster, overtime, allowance, monthly report."""

from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.leave.models import DutyShift, OvertimeReport
from tests.roles import ADMIN, GM, HEADS, LEADERS, LOGGED_IN, OFFICE

OVERTIME = GM | HEADS
REPORTS = OFFICE | LEADERS | HEADS

MATRIX = [
    ("GET", "/leave/duty", LOGGED_IN),
    ("GET", "/leave/duty?month=2027-01", LOGGED_IN),
    ("GET", "/leave/duty?month=nonsense", LOGGED_IN),
    ("GET", "/leave/duty/shifts/{duty_shift}/edit", OFFICE),
    ("GET", "/leave/overtime", OVERTIME),
    ("GET", "/leave/allowance?month=2026-11", REPORTS),
    ("GET", "/leave/report?month=2026-11", REPORTS),
    ("GET", "/leave/report?month=2027-02", REPORTS),
    ("GET", "/leave/report.xlsx?month=2026-11", REPORTS),
    ("GET", "/leave/settings", ADMIN),
    ("POST", "/leave/duty/shifts", OFFICE),
    ("POST", "/leave/duty/shifts/{duty_shift}/edit", OFFICE),
    ("POST", "/leave/duty/shifts/{duty_shift}/status", OFFICE),
    ("POST", "/leave/duty/shifts/{duty_shift}/remove", OFFICE),  # last row using the shift
    ("POST", "/leave/overtime/new", OVERTIME),
    ("POST", "/leave/overtime/{overtime}/decide", GM),
    ("POST", "/leave/duty/approve?month=2026-09", GM),          # nothing to approve there: explained
    ("POST", "/leave/settings", ADMIN),
]


def ids(app) -> dict:
    with app.app_context():
        return {
            "duty_shift": db.session.scalar(select(DutyShift.id).where(
                DutyShift.status == "assigned", DutyShift.day > date(2026, 11, 26),
                DutyShift.employee_id.is_not(None)).order_by(DutyShift.day.desc()).limit(1)),
            "overtime": db.session.scalar(select(OvertimeReport.id).where(
                OvertimeReport.state == "submitted").limit(1)),
        }

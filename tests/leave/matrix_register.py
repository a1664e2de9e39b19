"""Access matrix rows of the attendance register, its history, spot checks, register conflicts
and absence alarms with their follow-up.

{department} is 投资发展部 (head invest-head, overseen by deputy2 — not a demo role of the
matrix), {employee} is 林静 of that department; {register_day} a past working day. The demo's
conflicts are in the branches (overseen by deputy2): {conflict} a head's entry beside a spot
check's 旷工 (钟建华), {leave_conflict}/{leave_day} sick leave approved by the second branch's
manager over the office's 旷工 (方玉洁); {alarm_person} is 付强, past the 30-day alarm."""

from datetime import timedelta

from sqlalchemy import select

from portal.clock import local_today
from portal.extensions import db
from portal.leave import rules
from portal.leave.models import LeaveRequest, RegisterConflict
from portal.staff.models import Employee
from tests.roles import GM, HEADS, INSPECTORS, LEADERS, OFFICE

REGISTER_READERS = GM | {"deputy"} | OFFICE | {"office-head", "cs-head", "invest-head", "branch-mgr"}

MATRIX = [
    ("GET", "/leave/register", REGISTER_READERS),
    # Another department's register: its head, the office and the GM; not other heads, nor a
    # deputy who does not oversee it.
    ("GET", "/leave/register?dept={department}&month=2026-10", GM | OFFICE | {"invest-head"}),
    ("GET", "/leave/register/{employee}/history", GM | OFFICE | {"invest-head"}),
    ("GET", "/leave/conflicts", LEADERS | OFFICE | HEADS),
    ("GET", "/leave/spot-checks", GM | {"deputy"} | INSPECTORS),
    ("GET", "/leave/spot-checks?conflicts=1", GM | {"deputy"} | INSPECTORS),
    ("GET", "/leave/alarms", GM | {"deputy"} | OFFICE | INSPECTORS),
    # 付强's department is overseen by deputy2, not by the matrix's deputy.
    ("GET", "/leave/alarms/{alarm_person}/talk", GM | OFFICE),
    # Posting nothing: refused with a message, nothing saved (the head of the department only).
    ("POST", "/leave/register/{employee}/{register_day}", {"invest-head"}),
    ("POST", "/leave/spot-checks", INSPECTORS | LEADERS),
    ("POST", "/leave/alarms/{alarm_person}/talk", GM | OFFICE),
    # Deciding without an outcome: refused with a message (422), nothing decided. A head's entry:
    # the GM (deputy2 oversees the branch); leave over a 旷工: its approver (not a matrix role) or the office.
    ("POST", "/leave/conflicts/{conflict}/decide", GM),
    ("POST", "/leave/conflicts/leave/{leave_conflict}/{leave_day}/decide", OFFICE),
]


def ids(app) -> dict:
    day = local_today() - timedelta(days=1)
    while not rules.is_working_day(day):
        day -= timedelta(days=1)
    with app.app_context():
        conflict = db.session.scalar(select(RegisterConflict.id).where(
            RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.state == "open").order_by(RegisterConflict.id))
        person = db.session.scalar(select(Employee.id).where(Employee.name == "方玉洁"))
        leave = db.session.scalar(select(LeaveRequest).where(LeaveRequest.employee_id == person,
                                                             LeaveRequest.leave_type == "sick",
                                                             LeaveRequest.state == "approved")
                                  .order_by(LeaveRequest.id.desc()))
        alarm_person = db.session.scalar(select(Employee.id).where(Employee.name == "付强"))
    return {"register_day": day.isoformat(), "conflict": conflict, "leave_conflict": leave.id,
            "leave_day": leave.start_date.isoformat(), "alarm_person": alarm_person}

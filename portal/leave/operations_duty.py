"""Everything that changes the duty roster, overtime and the allowance setting (regulation 1
§2, §8). The only duty code that writes and commits."""

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select, update

from ..approvals import operations as approvals
from ..extensions import commit_unless_taken, db
from ..settings import HOLIDAY_ALLOWANCE, set_setting
from . import operations_register as register, rules
from .models import AttendanceEntry, DutyShift, OvertimeReport, RosterApproval

OVERTIME = "overtime"
ROSTER = "duty_roster"               # the ledger's subject of a month's roster approved
DUTY = "duty"                        # the source of the register changes made here
MISSED_SHIFT = "missed_duty_shift"   # the absence reason of a missed shift


def _commit() -> bool:
    """False when (day, person) was already taken: a double click or two offices at once."""
    return commit_unless_taken()


def add_shift(day: date, post: str, employee_id: int | None, by_id: int) -> DutyShift | None:
    """Put someone (or nobody yet) on a post of a non-working day; None when that person
    is already on duty that day."""
    shift = DutyShift(day=day, post=post, employee_id=employee_id, status=rules.ASSIGNED, assigned_by_id=by_id)
    db.session.add(shift)
    return shift if _commit() else None


def change_shift(shift: DutyShift, post: str, employee_id: int | None, by_id: int) -> bool:
    """Post or person; given to someone else, the shift waits for the GM's approval again."""
    if employee_id != shift.employee_id:
        shift.approval_id = None
    shift.post, shift.employee_id, shift.assigned_by_id = post, employee_id, by_id
    return _commit()


class _NothingLeft(Exception):
    """Someone approved the same shifts a moment before."""


def approve_roster(first: date, last: date, decider_id: int, on_behalf_of_id: int | None = None) -> int:
    """The general manager approves the roster of a month at once (§8: approved holiday duty
    earns the allowance): every filled shift from `first` to `last` not yet approved. A
    decision in the ledger (portal.approvals); how many shifts it approved, 0 when none was
    left (also when someone approved them a moment before)."""
    if not db.session.scalar(select(func.count()).select_from(DutyShift).where(_unapproved(first, last))):
        return 0
    approval = RosterApproval(month=first, state="submitted")
    db.session.add(approval)
    db.session.flush()
    approved = []

    def cover_shifts():
        count = db.session.execute(update(DutyShift).where(_unapproved(first, last))
                                   .values(approval_id=approval.id)
                                   .execution_options(synchronize_session=False)).rowcount
        if not count:
            raise _NothingLeft
        approved.append(count)
    try:
        if not approvals.decide(RosterApproval, approval.id, subject=ROSTER, open_state="submitted",
                                outcome="approve", decider_id=decider_id, approver_of_record_id=on_behalf_of_id,
                                then=cover_shifts):
            return 0
    except _NothingLeft:
        db.session.rollback()
        return 0
    return approved[0]


def _unapproved(first: date, last: date):
    return and_(DutyShift.day.between(first, last), DutyShift.employee_id.is_not(None),
                DutyShift.approval_id.is_(None))


def set_shift_status(shift: DutyShift, status: str, by_id: int) -> None:
    """Done, missed or back to assigned. A missed shift is absence without leave in the register (§8)."""
    if shift.status == rules.MISSED and status != rules.MISSED:
        _clear_missed_shift(shift, by_id)
    if status == rules.MISSED:
        _record_missed_shift(shift, by_id)
    shift.status = status
    db.session.commit()


def remove_shift(shift: DutyShift) -> None:
    db.session.delete(shift)
    db.session.commit()


def _record_missed_shift(shift: DutyShift, recorded_by_id: int) -> None:
    """The person's register entry for that day becomes 旷工 / missed duty shift (inserted or
    overwritten), the change recorded."""
    entry = db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == shift.employee_id, AttendanceEntry.day == shift.day))
    register.write_entry(shift.employee_id, shift.day, entry, rules.ABSENT, MISSED_SHIFT, recorded_by_id, DUTY,
                         note=shift.post)


def _clear_missed_shift(shift: DutyShift, by_id: int) -> None:
    """Undo _record_missed_shift when the office corrects the shift's status (the change recorded)."""
    entry = db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == shift.employee_id, AttendanceEntry.day == shift.day,
        AttendanceEntry.code == rules.ABSENT, AttendanceEntry.absent_reason == MISSED_SHIFT))
    if entry:
        register.remove_entry(entry, by_id, DUTY)


def report_overtime(person, day: date, days: Decimal, reason: str, by_id: int) -> OvertimeReport:
    """A department head reports a person's overtime to the general manager."""
    report = OvertimeReport(department_id=person.department_id, employee_id=person.id, day=day,
                            days=days, reason=reason, state="submitted", reported_by_id=by_id)
    db.session.add(report)
    db.session.commit()
    return report


def decide_overtime(report: OvertimeReport, outcome: str, decider_id: int, note: str = "",
                    on_behalf_of_id: int | None = None) -> bool:
    """The GM approves or refuses reported overtime (or, while he is away, his substitute on his
    behalf: `on_behalf_of_id`); False when it was decided first."""
    return approvals.decide(OvertimeReport, report.id, subject=OVERTIME, open_state="submitted", outcome=outcome,
                            decider_id=decider_id, approver_of_record_id=on_behalf_of_id, note=note)


def set_daily_allowance(amount: Decimal | None) -> None:
    set_setting(HOLIDAY_ALLOWANCE, "" if amount is None else str(amount))
    db.session.commit()

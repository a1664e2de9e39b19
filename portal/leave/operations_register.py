"""Everything that changes the attendance register, spot checks, register conflicts and the
follow-up of absence alarms (regulation 1 §3–§9). The only register code that writes and
commits. Every change of a cell — here, from the duty roster and from the absence area — goes
through `write_entry` / `remove_entry`, which add its row to the append-only
`attendance_changes` in the caller's transaction."""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..approvals import operations as approvals
from ..clock import utcnow
from ..extensions import db
from . import rules
from .models import AlarmFollowUp, AttendanceChange, AttendanceEntry, LeaveRequest, RegisterConflict, SpotCheck

REGISTER = "register"
SPOT_CHECK = "spot_check"      # the source of a 旷工 a spot check writes
CONFLICT = "conflict"          # the source of a change a conflict's decision makes
SUBJECT = "register_conflict"  # in the decisions ledger


def save_cell(employee_id: int, day: date, code: str, reason: str | None, by_id: int,
              entry: AttendanceEntry | None) -> AttendanceEntry | None:
    """Record one person's day over `entry`, the cell as it was read; None when someone saved
    the same cell at the same moment (the other save is kept)."""
    entry = write_entry(employee_id, day, entry, code, reason, by_id, REGISTER)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return entry


def clear_cell(entry: AttendanceEntry | None, by_id: int) -> None:
    if entry is not None:
        remove_entry(entry, by_id, REGISTER)
        db.session.commit()


def write_entry(employee_id: int, day: date, entry: AttendanceEntry | None, code: str, reason: str | None,
                by_id: int | None, source: str, note: str | None = None) -> AttendanceEntry:
    """Set a person's cell of `day` (`entry`: the cell as read, None when empty) and record the
    change; `note` None keeps the cell's note. Part of the caller's transaction."""
    old_code, old_reason = (entry.code, entry.absent_reason) if entry is not None else (None, None)
    if entry is None:
        entry = AttendanceEntry(employee_id=employee_id, day=day)
        db.session.add(entry)
    entry.code, entry.absent_reason, entry.source = code, reason, source
    if note is not None:
        entry.note = note[:200]
    entry.recorded_by_id, entry.recorded_at = by_id, utcnow()
    db.session.add(AttendanceChange(employee_id=employee_id, day=day, old_code=old_code, old_reason=old_reason,
                                    new_code=code, new_reason=reason, note=entry.note or "", source=source,
                                    changed_by_id=by_id, changed_at=entry.recorded_at))
    return entry


def remove_entry(entry: AttendanceEntry, by_id: int | None, source: str) -> None:
    """Clear a cell and record the change (part of the caller's transaction)."""
    db.session.add(AttendanceChange(employee_id=entry.employee_id, day=entry.day, old_code=entry.code,
                                    old_reason=entry.absent_reason, new_code=None, new_reason=None, note="",
                                    source=source, changed_by_id=by_id, changed_at=utcnow()))
    db.session.delete(entry)


# --- spot checks ---------------------------------------------------------------------------

def record_spot_check(employee_id: int, day: date, code: str, reason: str | None, note: str,
                      by_id: int, writes_register: bool, entry: AttendanceEntry | None) -> SpotCheck:
    """Inspection's, labour's or a leader's own look at whether someone was at work (§6).

    A 旷工 found on a working day that approved leave does not cover in whole
    (`writes_register`) goes into the register (source "spot_check"), so that the head cannot
    overwrite it; what the head had entered there instead stays beside it as a conflict for
    the leadership. `entry`: the cell as read."""
    check = SpotCheck(employee_id=employee_id, day=day, code=code, absent_reason=reason, note=note,
                      checked_by_id=by_id)
    db.session.add(check)
    if code == rules.ABSENT and writes_register:
        if entry is None or not rules.is_protected_mark(entry.code, entry.source):
            head_entry = entry if entry is not None and entry.source == REGISTER and entry.code != rules.ABSENT else None
            claim = ((head_entry.code, head_entry.absent_reason, head_entry.recorded_by_id, head_entry.recorded_at)
                     if head_entry is not None else None)
            entry = write_entry(employee_id, day, entry, rules.ABSENT, reason, by_id, SPOT_CHECK, note=note)
            if claim is not None:
                _withdraw_open(employee_id, day, claim[2])
                db.session.add(RegisterConflict(
                    kind=rules.CONFLICT_HEAD, employee_id=employee_id, day=day, mark_code=rules.ABSENT,
                    mark_reason=reason, mark_source=SPOT_CHECK, mark_by_id=by_id, claim_code=claim[0],
                    claim_reason=claim[1], claimed_by_id=claim[2], claimed_at=claim[3], state=rules.CONFLICT_OPEN))
    db.session.commit()
    return check


# --- a head's entry beside a protected 旷工 -----------------------------------------------------

def _withdraw_open(employee_id: int, day: date, by_id: int | None) -> None:
    """Withdraw the open head's entry of a cell, if any (part of the caller's transaction)."""
    for conflict in db.session.scalars(select(RegisterConflict).where(
            RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.employee_id == employee_id,
            RegisterConflict.day == day, RegisterConflict.state == rules.CONFLICT_OPEN)):
        conflict.state, conflict.decided_by_id, conflict.decided_at = rules.CONFLICT_WITHDRAWN, by_id, utcnow()


def enter_beside(entry: AttendanceEntry, code: str, reason: str | None, by_id: int) -> RegisterConflict:
    """The head (or the substitute keeping the register) enters `code` where the register holds
    a protected 旷工: the 旷工 stays, the entry is kept beside it as an open conflict for the
    leadership (an earlier open entry of theirs for that day is withdrawn)."""
    _withdraw_open(entry.employee_id, entry.day, by_id)
    conflict = RegisterConflict(
        kind=rules.CONFLICT_HEAD, employee_id=entry.employee_id, day=entry.day, mark_code=entry.code,
        mark_reason=entry.absent_reason, mark_source=entry.source, mark_by_id=entry.recorded_by_id,
        claim_code=code, claim_reason=reason, claimed_by_id=by_id, claimed_at=utcnow(), state=rules.CONFLICT_OPEN)
    db.session.add(conflict)
    db.session.commit()
    return conflict


def agree_with_mark(entry: AttendanceEntry, by_id: int) -> bool:
    """The head enters 旷工 where a protected 旷工 stands: nothing to change, but an open
    different entry of theirs is withdrawn. True when one was."""
    before = db.session.scalar(select(RegisterConflict.id).where(
        RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.employee_id == entry.employee_id,
        RegisterConflict.day == entry.day, RegisterConflict.state == rules.CONFLICT_OPEN).limit(1))
    if before is None:
        return False
    _withdraw_open(entry.employee_id, entry.day, by_id)
    db.session.commit()
    return True


# --- deciding a conflict -------------------------------------------------------------------------

def decide_head_entry(conflict: RegisterConflict, outcome: str, decider_id: int, note: str) -> bool:
    """The leadership decides a head's entry against a protected 旷工: approve — the head's
    entry replaces the 旷工 in the register (source "conflict"); refuse — the 旷工 stands.
    False when someone decided (or the head withdrew it) first."""
    employee_id, day, code, reason = conflict.employee_id, conflict.day, conflict.claim_code, conflict.claim_reason

    def then():
        if outcome == "approve":
            entry = _cell(employee_id, day)
            write_entry(employee_id, day, entry, code, reason, decider_id, CONFLICT)

    return approvals.decide(RegisterConflict, conflict.id, subject=SUBJECT, open_state=rules.CONFLICT_OPEN,
                            outcome=outcome, decider_id=decider_id, approver_of_record_id=None, note=note, then=then)


def decide_leave_over_absence(leave: LeaveRequest, day: date, entry: AttendanceEntry, outcome: str,
                              decider_id: int, note: str) -> RegisterConflict | None:
    """The leave's approver or the office decides a day that approved leave covers and a 旷工
    marks: approve — the leave stands and the 旷工 is cleared (source "conflict"); refuse —
    the 旷工 stands (the day counts as absent, not leave). The decision is kept as a
    RegisterConflict of kind "leave" (one per leave and day) and in the decisions ledger.
    None when someone decided it first."""
    conflict = RegisterConflict(
        kind=rules.CONFLICT_LEAVE, employee_id=leave.employee_id, day=day, mark_code=entry.code,
        mark_reason=entry.absent_reason, mark_source=entry.source, mark_by_id=entry.recorded_by_id,
        claim_code=rules.ON_LEAVE, claimed_by_id=leave.decided_by_id or leave.approver_id,
        claimed_at=leave.decided_at or utcnow(), leave_request_id=leave.id, state=rules.CONFLICT_OPEN)
    db.session.add(conflict)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    conflict_id = conflict.id

    def then():
        if outcome == "approve":
            current = _cell(leave.employee_id, day)
            if current is not None and current.code == rules.ABSENT:
                remove_entry(current, decider_id, CONFLICT)

    if not approvals.decide(RegisterConflict, conflict_id, subject=SUBJECT, open_state=rules.CONFLICT_OPEN,
                            outcome=outcome, decider_id=decider_id, approver_of_record_id=None, note=note,
                            then=then):
        return None
    return db.session.get(RegisterConflict, conflict_id)


def _cell(employee_id: int, day: date) -> AttendanceEntry | None:
    return db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))


# --- following an alarm up ------------------------------------------------------------------------

def record_follow_up(employee_id: int, alarm: str, step: str, on_date: date, held_by_id: int | None, notes: str,
                     period_start: date | None, period_end: date | None, window: tuple[int, date, date],
                     by_id: int, at: datetime | None = None) -> AlarmFollowUp:
    """One step of an alarm's follow-up (append-only: a step recorded again corrects it).
    `window`: (days, first, last) of the alarm as it stands, the absences the step answers."""
    days, first, last = window
    follow_up = AlarmFollowUp(
        employee_id=employee_id, alarm=alarm, step=step, on_date=on_date, held_by_id=held_by_id,
        notes=(notes or "").strip(), period_start=period_start if step == rules.EXCLUSION else None,
        period_end=period_end if step == rules.EXCLUSION else None, window_first=first, through=last, days=days,
        recorded_by_id=by_id, recorded_at=at or utcnow())
    db.session.add(follow_up)
    db.session.commit()
    return follow_up

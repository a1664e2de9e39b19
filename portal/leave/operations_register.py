"""Everything that changes the attendance register and spot checks (regulation 1 §3–§9).
The only register code that writes and commits. Every change of a cell — here, from the duty
roster and from the absence area — goes through `write_entry` / `remove_entry`, which add
its row to the append-only `attendance_changes` in the caller's transaction."""

from datetime import date

from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from .models import AttendanceChange, AttendanceEntry, SpotCheck

REGISTER = "register"


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
    entry.code, entry.absent_reason = code, reason
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


def record_spot_check(employee_id: int, day: date, code: str, reason: str | None, note: str,
                      by_id: int) -> SpotCheck:
    """Inspection or labour's own look at whether someone was at work (§6)."""
    check = SpotCheck(employee_id=employee_id, day=day, code=code, absent_reason=reason, note=note,
                      checked_by_id=by_id)
    db.session.add(check)
    db.session.commit()
    return check

"""Everything that changes the attendance register and spot checks (regulation 1 §3–§9).
The only register code that writes and commits."""

from datetime import date

from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from .models import AttendanceEntry, SpotCheck


def save_cell(employee_id: int, day: date, code: str, reason: str | None, by_id: int,
              entry: AttendanceEntry | None) -> AttendanceEntry | None:
    """Record one person's day over `entry`, the cell as it was read; None when someone saved
    the same cell at the same moment (the other save is kept)."""
    if entry is None:
        entry = AttendanceEntry(employee_id=employee_id, day=day)
        db.session.add(entry)
    entry.code, entry.absent_reason = code, reason
    entry.recorded_by_id, entry.recorded_at = by_id, utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return entry


def clear_cell(entry: AttendanceEntry | None) -> None:
    if entry is not None:
        db.session.delete(entry)
        db.session.commit()


def record_spot_check(employee_id: int, day: date, code: str, reason: str | None, note: str,
                      by_id: int) -> SpotCheck:
    """Inspection or labour's own look at whether someone was at work (§6)."""
    check = SpotCheck(employee_id=employee_id, day=day, code=code, absent_reason=reason, note=note,
                      checked_by_id=by_id)
    db.session.add(check)
    db.session.commit()
    return check

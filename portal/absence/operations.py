"""Everything that changes leave-post notices, presence checks and the lobby-screen switch:
the only absence code that writes and commits. A notice's history (filed, returned) goes to
the append-only notice_events, its decision to the decisions ledger, the register marks it
causes to attendance_changes — each in the same transaction as the change."""

import secrets
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..approvals import operations as approvals
from ..clock import to_local, utcnow
from ..extensions import db
from ..leave import operations_register as register
from ..settings import set_setting
from . import queries, rules
from .models import LeavePostNotice, NoticeEvent, PresenceCheck

SUBJECT = "notice"
NOTICE, PRESENCE = "notice", "presence"    # the sources of the register marks made here
KIOSK_SETTING = "absence_kiosk"


def file_notice(employee_id: int, *, category: str, details: str, left_at: datetime, expected_back: datetime,
                substitute_id: int | None, contact_phone: str, approver_id: int | None) -> LeavePostNotice:
    now = utcnow()
    notice = LeavePostNotice(
        employee_id=employee_id, category=category, details=details or "", left_at=left_at,
        expected_back=expected_back, substitute_id=substitute_id, contact_phone=contact_phone or "",
        state="pending", approver_id=approver_id, status_token=secrets.token_urlsafe(16)[:22], created_at=now)
    db.session.add(notice)
    db.session.flush()
    db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="filed", actor_id=employee_id))
    db.session.commit()
    return notice


def decide(notice: LeavePostNotice, outcome: str, decider_id: int, note: str = "") -> bool:
    """Approve or refuse a pending notice; False when it was decided first by someone else."""
    return approvals.decide(LeavePostNotice, notice.id, subject=SUBJECT, open_state="pending", outcome=outcome,
                            decider_id=decider_id, approver_of_record_id=notice.approver_id, note=note)


def record_return(notice: LeavePostNotice, by_id: int, late_note: str, grace_minutes: float) -> bool | None:
    """Close an open notice now: True when back late (marked in the register), False when on
    time, None when the notice was already closed."""
    now = utcnow()
    changed = db.session.execute(
        update(LeavePostNotice).where(LeavePostNotice.id == notice.id,
                                      LeavePostNotice.state.in_(tuple(rules.OPEN_STATES)))
        .values(returned_at=now, state="returned", return_recorded_by_id=by_id)
        .execution_options(synchronize_session="evaluate")).rowcount
    if changed != 1:
        db.session.rollback()
        return None
    late = rules.return_status(notice.expected_back, now, now, grace_minutes) == rules.LATE
    db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="returned", actor_id=by_id,
                               detail="late" if late else "on_time"))
    if late:
        mark_register(notice.employee_id, now, "late", None, late_note, by_id, NOTICE)
    db.session.commit()
    return late


def record_presence(employee_id: int, found: str, by_id: int, absent_note: str) -> bool:
    """The office's presence check; an absence is marked 旷工 in the register. False when
    the same check was saved at the same moment by someone else."""
    now = utcnow()
    db.session.add(PresenceCheck(employee_id=employee_id, checked_at=now, checked_by_id=by_id, found=found))
    if found == "away_without_notice":
        mark_register(employee_id, now, "absent", "left_without_approval", absent_note, by_id, PRESENCE)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def mark_register(employee_id: int, at_utc: datetime, code: str, reason: str | None, note: str, by_id: int,
                  source: str) -> bool:
    """Write a late / absent mark for the local day of `at_utc` unless approved leave covers
    it or a heavier mark is there, the change recorded (part of the caller's transaction).
    True when written."""
    day = to_local(at_utc).date()
    entry = queries.register_entry(employee_id, day)
    if not rules.register_mark(entry.code if entry else None, code, queries.on_approved_leave(employee_id, day)):
        return False
    register.write_entry(employee_id, day, entry, code, reason, by_id, source, note=note)
    return True


def set_kiosk(enabled: bool) -> None:
    set_setting(KIOSK_SETTING, "on" if enabled else "off")
    db.session.commit()

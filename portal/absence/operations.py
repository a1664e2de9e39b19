"""Everything that changes leave-post notices, presence checks and the lobby-screen switch:
the only absence code that writes and commits. A notice's history (filed, registered,
returned, closed, return recorded) goes to the append-only notice_events, its decision to the
decisions ledger, the register marks it causes to attendance_changes (through the register's
own `write_entry` / `remove_entry`) — each in the same transaction as the change.

A notice's register mark always goes on the notice's own day (the day its person left), not
on the day somebody taps 我回来了 or the sweep runs."""

import secrets
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..approvals import operations as approvals
from ..clock import local_to_utc, to_local, utcnow
from ..extensions import commit_unless_taken, db
from ..leave import operations_register as register
from ..settings import set_setting
from ..workdays.queries import current as working_calendar
from . import labels, queries, rules
from .models import LeavePostNotice, NoticeEvent, PresenceCheck

SUBJECT = "notice"
NOTICE, PRESENCE = "notice", "presence"    # the sources of the register marks made here
KIOSK_SETTING = "absence_kiosk"
ABSENT_REASON = "left_without_approval"    # 擅自离岗: away from the post without approval


def _local(value_utc: datetime) -> datetime:
    return to_local(value_utc).replace(tzinfo=None)


def file_notice(employee_id: int, *, category: str, details: str, left_at: datetime, expected_back: datetime,
                substitute_id: int | None, contact_phone: str, approver_id: int | None,
                registered: bool = False) -> LeavePostNotice:
    """File a notice waiting for `approver_id`; or, `registered` (the general manager's own:
    nobody below him approves it), approved at once by being filed — the decision is in the
    ledger as his, the history says registered, and the office sees it."""
    now = utcnow()
    notice = LeavePostNotice(
        employee_id=employee_id, category=category, details=details or "", left_at=left_at,
        expected_back=expected_back, substitute_id=substitute_id, contact_phone=contact_phone or "",
        state="pending", approver_id=None if registered else approver_id,
        status_token=secrets.token_urlsafe(16)[:22], created_at=now)
    db.session.add(notice)
    db.session.flush()
    db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="filed", actor_id=employee_id))
    if registered:
        def history():
            db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="registered", actor_id=employee_id))
        approvals.decide(LeavePostNotice, notice.id, subject=SUBJECT, open_state="pending", outcome="approve",
                         decider_id=employee_id, approver_of_record_id=None, then=history)
    else:
        db.session.commit()
    return notice


def decide(notice: LeavePostNotice, outcome: str, decider_id: int, note: str = "") -> bool:
    """Approve or refuse a pending notice; False when it was decided first by someone else."""
    return approvals.decide(LeavePostNotice, notice.id, subject=SUBJECT, open_state="pending", outcome=outcome,
                            decider_id=decider_id, approver_of_record_id=notice.approver_id, note=note)


def _outcome(notice: LeavePostNotice, returned_at: datetime | None, grace_minutes: float) -> str | None:
    left = _local(notice.left_at)
    return rules.notice_outcome(_local(notice.expected_back), _local(returned_at) if returned_at else None,
                                rules.day_end(left), grace_minutes)


def _notice_day(notice: LeavePostNotice) -> date:
    return _local(notice.left_at).date()


def _close(notice_id: int, from_states, **values) -> bool:
    """Move a notice out of `from_states` (conditional UPDATE: of two closings at the same
    moment exactly one happens)."""
    return db.session.execute(
        update(LeavePostNotice).where(LeavePostNotice.id == notice_id, LeavePostNotice.state.in_(tuple(from_states)))
        .values(**values).execution_options(synchronize_session="evaluate")).rowcount == 1


def record_return(notice: LeavePostNotice, by_id: int, grace_minutes: float) -> str | None | bool:
    """The person (or the office, or their head) says they are back, now: closes an open
    notice. Returns its outcome — None (on time), "late" or "absent" (marked in the register on
    the notice's own day) — or False when the notice was already closed."""
    now = utcnow()
    if not _close(notice.id, rules.OPEN_STATES, returned_at=now, state="returned", return_recorded_by_id=by_id):
        db.session.rollback()
        return False
    outcome = _outcome(notice, now, grace_minutes)
    db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="returned", actor_id=by_id,
                               detail=outcome or rules.ON_TIME))
    _mark_outcome(notice, outcome, by_id)
    db.session.commit()
    return outcome


def record_return_time(notice: LeavePostNotice, by_id: int, returned_at: datetime,
                       grace_minutes: float) -> str | None | bool:
    """The office or the head records when someone really came back (`returned_at`, UTC), on a
    notice still open or one the end-of-day sweep closed. The register follows: a 旷工 the
    sweep wrote for this notice becomes late, or is taken out when they were back in time; a
    mark anyone else made stays. Returns the outcome (see record_return), or False when the
    notice was closed otherwise meanwhile."""
    was_swept = notice.state == rules.UNRETURNED
    if not _close(notice.id, rules.OPEN_STATES + (rules.UNRETURNED,), returned_at=returned_at, state="returned",
                  return_recorded_by_id=by_id):
        db.session.rollback()
        return False
    outcome = _outcome(notice, returned_at, grace_minutes)
    db.session.add(NoticeEvent(notice_id=notice.id, at=utcnow(), kind="return_recorded", actor_id=by_id,
                               detail=f"{outcome or rules.ON_TIME} {_local(returned_at):%H:%M}"))
    day = _notice_day(notice)
    last = queries.last_register_change(notice.employee_id, day) if was_swept else None
    if last is not None and last.source == NOTICE and last.new_code == rules.ABSENT:
        entry = queries.register_entry(notice.employee_id, day)
        if outcome is None and entry is not None:
            register.remove_entry(entry, by_id, NOTICE)
        elif outcome == rules.LATE:
            register.write_entry(notice.employee_id, day, entry, rules.LATE, None, by_id, NOTICE,
                                 note=labels.register_note(rules.LATE, notice))
    else:
        _mark_outcome(notice, outcome, by_id)
    db.session.commit()
    return outcome


def _mark_outcome(notice: LeavePostNotice, outcome: str | None, by_id: int | None) -> None:
    """A late return or 旷工 in the register, on the notice's day — a working day only (the
    register holds working days; duty on other days is the roster's)."""
    if outcome is None or not working_calendar().is_working_day(_notice_day(notice)):
        return
    reason = ABSENT_REASON if outcome == rules.ABSENT else None
    mark_register(notice.employee_id, _notice_day(notice), outcome, reason, labels.register_note(outcome, notice),
                  by_id, NOTICE, at_local=_local(notice.expected_back))


def sweep(now_utc: datetime | None = None) -> int:
    """The end-of-day sweep: close every notice whose working day is over and whose person
    never came back (state "unreturned"), writing 旷工 in the register on the notice's own day
    when working time was missed (rules.notice_outcome). Idempotent and cheap: one query finds
    nothing to do most of the time. Returns how many notices it closed. Run by
    `flask sweep-notices` (cron) and, lazily, when the board or someone's own page opens."""
    now = now_utc or utcnow()
    local_now = _local(now)
    closed = 0
    for notice in queries.notices_to_sweep(_sweep_cutoff(local_now)):
        if not rules.sweep_due(_local(notice.left_at), _local(notice.expected_back), local_now):
            continue
        if not _close(notice.id, rules.OPEN_STATES, state=rules.UNRETURNED):
            db.session.rollback()        # someone closed it meanwhile
            continue
        outcome = _outcome(notice, None, 0)
        db.session.add(NoticeEvent(notice_id=notice.id, at=now, kind="closed", actor_id=None, detail=outcome or ""))
        _mark_outcome(notice, outcome, None)
        try:
            db.session.commit()
        except IntegrityError:           # the register cell was written at the same moment: next time
            db.session.rollback()
            continue
        closed += 1
    return closed


def _sweep_cutoff(local_now: datetime) -> datetime:
    """Notices left before this UTC instant may be due: today's once the working day is over,
    else those of earlier days."""
    today = local_now.date()
    start = datetime.combine(today, datetime.min.time())
    if local_now >= rules.day_end(local_now):
        return local_to_utc(start.replace(hour=23, minute=59, second=59))
    return local_to_utc(start)


def record_presence(employee_id: int, found: str, by_id: int, absent_note: str) -> bool:
    """The office's presence check; an absence is marked 旷工 in the register. False when
    the same check was saved at the same moment by someone else."""
    now = utcnow()
    db.session.add(PresenceCheck(employee_id=employee_id, checked_at=now, checked_by_id=by_id, found=found))
    if found == "away_without_notice":
        mark_register(employee_id, _local(now).date(), "absent", ABSENT_REASON, absent_note, by_id, PRESENCE,
                      at_local=_local(now))
    return commit_unless_taken()


def undo_presence(check: PresenceCheck, by_id: int) -> bool:
    """Take back a finding of absence (rules.undo_problem says whether one may): a later
    check, found "withdrawn", names it — presence checks are history, never changed — and
    the 旷工 it wrote goes from the register, the cell as it was before it (its change recorded
    as any other). Only when that 旷工 is still the cell's latest change: what anyone wrote
    since stays. False when the same check was taken back at the same moment (the unique
    withdraws_id)."""
    now = utcnow()
    day = _local(check.checked_at).date()
    changes = queries.register_changes(check.employee_id, day)
    entry = queries.register_entry(check.employee_id, day)
    db.session.add(PresenceCheck(employee_id=check.employee_id, checked_at=now, checked_by_id=by_id,
                                 found=rules.WITHDRAWN, withdraws_id=check.id))
    last = changes[0] if changes else None
    if (entry is not None and last is not None and last.source == PRESENCE and last.new_code == rules.ABSENT
            and last.changed_by_id == check.checked_by_id and last.changed_at >= check.checked_at
            and entry.code == rules.ABSENT):
        if last.old_code is None:
            register.remove_entry(entry, by_id, PRESENCE)
        else:
            before = changes[1] if len(changes) > 1 else None
            register.write_entry(check.employee_id, day, entry, last.old_code, last.old_reason, by_id, PRESENCE,
                                 note=before.note if before is not None else "")
            if before is not None:
                entry.source = before.source     # the cell is again what its writer made it
    return commit_unless_taken()


def mark_register(employee_id: int, day: date, code: str, reason: str | None, note: str, by_id: int | None,
                  source: str, at_local: datetime | None = None) -> bool:
    """Write a late / absent mark for `day` unless approved leave covers it (the moment
    `at_local` when given — a morning's leave leaves the afternoon to the register — else any
    of the day) or a heavier mark is there, the change recorded (part of the caller's
    transaction). True when written."""
    entry = queries.register_entry(employee_id, day)
    on_leave = queries.on_approved_leave(employee_id, day, at_local)
    if not rules.register_mark(entry.code if entry else None, code, on_leave):
        return False
    register.write_entry(employee_id, day, entry, code, reason, by_id, source, note=note)
    return True


def set_kiosk(enabled: bool) -> None:
    set_setting(KIOSK_SETTING, "on" if enabled else "off")
    db.session.commit()

"""Loading the absence board and the notices: a fixed number of SQL statements per page,
whatever the size of the company."""

from dataclasses import dataclass
from datetime import date, datetime, timezone

from flask import current_app
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from .. import derived_cache
from ..extensions import db
from ..prepared import Asked, first_and_total, prepared
from ..leave.models import AttendanceChange, AttendanceEntry, DutyShift, LeaveRequest
from ..leave.rules import leave_span, parts_on_leave
from ..staff import rules as staff_rules
from ..staff.models import Department, Employee, Post
from ..staff.queries import RANK_ORDER
from ..clock import local_today, to_local
from . import rules
from .models import LeavePostNotice, PresenceCheck



@dataclass
class BoardRow:
    person: Employee
    status: str
    notice: LeavePostNotice | None = None
    leave_until: date | None = None
    duty_post: str | None = None
    overdue: bool = False       # out on an approved notice, past its return and the grace (the view says)
    finding: "Finding | None" = None   # today's standing presence check that found them away

    @property
    def live(self) -> bool:
        """Out on a notice or found away: what the company-wide board lists by name."""
        return self.status in rules.LIVE

    @property
    def checkable(self) -> bool:
        """The office may record a presence check: at post, found away, on half a day's leave,
        or out on a notice that does not cover them (still waiting for approval)."""
        return self.status in rules.CHECKABLE_STATUSES or (self.notice is not None and self.notice.state == "pending")


@dataclass(frozen=True)
class Finding:
    """A presence check that found someone away without a notice (what an undo needs)."""
    id: int
    checked_at: datetime
    checked_by_id: int


def _people(department_id: int | None, query: str, employee_id: int | None) -> list[Employee]:
    stmt = (select(Employee).join(Employee.department).outerjoin(Employee.post)
            .options(contains_eager(Employee.department), contains_eager(Employee.post).load_only(Post.title))
            .where(Employee.active, Department.active)
            .order_by(Department.sort_order, Department.id, RANK_ORDER, Employee.name_pinyin))
    kind, term = staff_rules.classify_query(query)
    if kind in ("name", "phone"):
        stmt = stmt.where(or_(Employee.name.contains(term, autoescape=True),
                              Post.title.contains(term, autoescape=True)))
    elif kind == "pinyin":
        stmt = stmt.where(or_(Employee.name_initials.startswith(term, autoescape=True),
                              Employee.name_pinyin.contains(term, autoescape=True),
                              Employee.username.startswith(term, autoescape=True)))
    if department_id:
        stmt = stmt.where(Employee.department_id == department_id)
    if employee_id:
        stmt = stmt.where(Employee.id == employee_id)
    return list(db.session.scalars(stmt))


def _still_open() -> tuple:
    """A notice pending or approved that nobody has come back from."""
    return LeavePostNotice.state.in_(rules.OPEN_STATES), LeavePostNotice.returned_at.is_(None)


def open_notices(now_utc: datetime, employee_id: int | None = None) -> list[LeavePostNotice]:
    """Pending or approved notices that have begun and are not returned (one statement)."""
    stmt = (select(LeavePostNotice).options(joinedload(LeavePostNotice.employee).joinedload(Employee.department),
                                            joinedload(LeavePostNotice.substitute))
            .where(*_still_open(), LeavePostNotice.left_at <= now_utc)
            .order_by(LeavePostNotice.expected_back))
    if employee_id:
        stmt = stmt.where(LeavePostNotice.employee_id == employee_id)
    return list(db.session.scalars(stmt).unique())


def my_open_notices(now_utc: datetime, employee_id: int) -> list[LeavePostNotice]:
    """One person's open notices that have begun by `now_utc`, without their people: the
    board's "you are out" cards (asked whenever the board opens, so built once)."""
    return list(db.session.scalars(_my_open_notices(), {"mine_until": now_utc, "mine_of": employee_id}))


@prepared
def _my_open_notices() -> Select:
    return (select(LeavePostNotice)
            .where(LeavePostNotice.employee_id == bindparam("mine_of"), *_still_open(),
                   LeavePostNotice.left_at <= bindparam("mine_until"))
            .order_by(LeavePostNotice.expected_back))


def board(now_utc: datetime, department_id: int | None = None, query: str = "",
          employee_id: int | None = None) -> list[tuple[Department, list[BoardRow]]]:
    """Everyone's status now, grouped by department (six statements). Half a day's leave
    shows as such (上午请假 / 下午请假) all day."""
    today = local_today(now_utc)
    people = _people(department_id, query, employee_id)
    notices = {}
    for n in open_notices(now_utc, employee_id):
        notices.setdefault(n.employee_id, n)
    leave: dict[int, tuple[str, date]] = {}      # person -> (part of today: day / am / pm, last day)
    for r in db.session.execute(
            select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
                   LeaveRequest.end_date, LeaveRequest.end_part)
            .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= today,
                   LeaveRequest.end_date >= today, LeaveRequest.reported_back_at.is_(None))).all():
        part = parts_on_leave(r.start_date, r.start_part, r.end_date, r.end_part, today)
        known = leave.get(r.employee_id)
        if known and known[0] != part:
            part = "full"                         # a morning and an afternoon: the whole day
        leave[r.employee_id] = (part, max(r.end_date, known[1]) if known else r.end_date)
    trips = set(db.session.scalars(select(AttendanceEntry.employee_id).where(
        AttendanceEntry.day == today, AttendanceEntry.code == "business_trip")))
    duty = dict(db.session.execute(select(DutyShift.employee_id, DutyShift.post).where(
        DutyShift.day == today, DutyShift.employee_id.is_not(None))).all())
    checks = db.session.execute(
        select(PresenceCheck.id, PresenceCheck.employee_id, PresenceCheck.found, PresenceCheck.withdraws_id,
               PresenceCheck.checked_at, PresenceCheck.checked_by_id)
        .where(PresenceCheck.checked_at >= _local_midnight_utc(now_utc))
        .order_by(PresenceCheck.checked_at, PresenceCheck.id)).all()
    by_id = {c.id: c for c in checks}
    found_away: dict[int, Finding] = {}
    for employee, check_id in rules.effective_findings(
            (c.id, c.employee_id, c.found, c.withdraws_id) for c in checks).items():
        check = by_id[check_id]
        if check.found == rules.AWAY_WITHOUT_NOTICE:
            found_away[employee] = Finding(check.id, check.checked_at, check.checked_by_id)
    grouped: dict[int, tuple[Department, list[BoardRow]]] = {}
    for p in people:
        part, until = leave.get(p.id, (None, None))
        if part in ("am", "pm") and until == today:
            until = None                          # 上午请假 / 下午请假 says it all
        status = rules.board_status(p.id in notices, "day" if part == "full" else part, p.id in trips,
                                    p.id in duty, p.id in found_away)
        row = BoardRow(p, status, notices.get(p.id), until, duty.get(p.id), finding=found_away.get(p.id))
        grouped.setdefault(p.department_id, (p.department, []))[1].append(row)
    return list(grouped.values())


def _local_midnight_utc(now_utc: datetime) -> datetime:
    local = to_local(now_utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def notice(notice_id: int) -> LeavePostNotice | None:
    return db.session.scalar(
        select(LeavePostNotice).options(
            joinedload(LeavePostNotice.employee).joinedload(Employee.department),
            joinedload(LeavePostNotice.employee).joinedload(Employee.post),
            joinedload(LeavePostNotice.substitute), joinedload(LeavePostNotice.approver),
            joinedload(LeavePostNotice.decided_by))
        .where(LeavePostNotice.id == notice_id))


def notice_by_token(token: str) -> LeavePostNotice | None:
    return db.session.scalar(select(LeavePostNotice).options(joinedload(LeavePostNotice.employee))
                             .where(LeavePostNotice.status_token == token))


def pending_for(approver_id: int) -> list[LeavePostNotice]:
    return list(db.session.scalars(_pending(), {"notices_approver": approver_id}))


def first_pending_for(approver_id: int, limit: int) -> tuple[list[LeavePostNotice], int]:
    """The first `limit` of `pending_for` (who left first, first), and how many wait."""
    return first_and_total(_pending(), limit, {"notices_approver": approver_id})


@prepared
def _pending() -> Select:
    return (select(LeavePostNotice).options(joinedload(LeavePostNotice.employee).joinedload(Employee.department),
                                            joinedload(LeavePostNotice.substitute))
            .where(LeavePostNotice.state == "pending", LeavePostNotice.approver_id == bindparam("notices_approver"))
            .order_by(LeavePostNotice.left_at, LeavePostNotice.id))


def pending_count_query(approver_id: int) -> Asked:
    return Asked(_pending_count(), {"notices_approver": approver_id})


@prepared
def _pending_count() -> Select:
    return select(func.count()).select_from(LeavePostNotice).where(
        LeavePostNotice.state == "pending", LeavePostNotice.approver_id == bindparam("notices_approver"))


def mine(employee_id: int, limit: int = 10) -> list[LeavePostNotice]:
    return list(db.session.scalars(
        select(LeavePostNotice).options(joinedload(LeavePostNotice.substitute))
        .where(LeavePostNotice.employee_id == employee_id)
        .order_by(LeavePostNotice.left_at.desc()).limit(limit)).unique())


def office_head_id() -> int | None:
    return db.session.scalar(select(Department.head_id)
                             .where(Department.kind == "office", Department.active)
                             .order_by(Department.sort_order, Department.id).limit(1))


def employee(employee_id: int) -> Employee | None:
    return db.session.scalar(select(Employee).options(joinedload(Employee.department), joinedload(Employee.post))
                             .where(Employee.id == employee_id, Employee.active))


def cards(now_utc: datetime) -> list[LeavePostNotice]:
    """Every notice out now on an approved notice (rules.can_print_card: a card only once
    approved), for the office's sheet."""
    stmt = (select(LeavePostNotice).options(
        joinedload(LeavePostNotice.employee).joinedload(Employee.department),
        joinedload(LeavePostNotice.employee).joinedload(Employee.post),
        joinedload(LeavePostNotice.substitute))
        .where(LeavePostNotice.state == "approved", LeavePostNotice.returned_at.is_(None),
               LeavePostNotice.left_at <= now_utc)
        .order_by(LeavePostNotice.left_at))
    return list(db.session.scalars(stmt).unique())


def register_entry(employee_id: int, day: date) -> AttendanceEntry | None:
    return db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))


def on_approved_leave(employee_id: int, day: date, at_local: datetime | None = None) -> bool:
    """Approved leave covers `day` — or, given `at_local` (naive local time), that moment of
    it: a morning's leave does not cover the afternoon."""
    rows = db.session.execute(select(LeaveRequest.start_date, LeaveRequest.start_part, LeaveRequest.end_date,
                                     LeaveRequest.end_part).where(
        LeaveRequest.employee_id == employee_id, LeaveRequest.state == "approved",
        LeaveRequest.start_date <= day, LeaveRequest.end_date >= day)).all()
    if at_local is None:
        return bool(rows)
    return any(start <= at_local < end for start, end in (leave_span(*r) for r in rows))


def presence_check(check_id: int) -> PresenceCheck | None:
    """One presence check (taken back or not: check_withdrawn)."""
    return db.session.get(PresenceCheck, check_id)


def check_withdrawn(check_id: int) -> bool:
    return db.session.scalar(select(PresenceCheck.id).where(PresenceCheck.withdraws_id == check_id)) is not None


def register_changes(employee_id: int, day: date, limit: int = 2) -> list[AttendanceChange]:
    """The latest changes of a person's register cell of `day`, newest first."""
    return list(db.session.scalars(select(AttendanceChange).where(
        AttendanceChange.employee_id == employee_id, AttendanceChange.day == day)
        .order_by(AttendanceChange.id.desc()).limit(limit)))


def last_register_change(employee_id: int, day: date) -> AttendanceChange | None:
    """The latest change of a person's register cell of `day` (what made the cell as it is)."""
    return db.session.scalar(select(AttendanceChange).where(
        AttendanceChange.employee_id == employee_id, AttendanceChange.day == day)
        .order_by(AttendanceChange.id.desc()).limit(1))


def notices_to_sweep(left_before_utc: datetime) -> list[LeavePostNotice]:
    """Open notices (pending or approved, nobody back) left before `left_before_utc`: those
    the end-of-day sweep may close (on the state/left_at index). Asked whenever the board opens
    and mostly none: that none is kept per worker while the notices stand (no statement)."""
    def load():
        return list(db.session.scalars(_notices_to_sweep(), {"sweep_left_before": left_before_utc}))
    if not derived_cache.remembered("sweep_due_any", left_before_utc, lambda: bool(load())):
        return []
    return load()


@prepared
def _notices_to_sweep() -> Select:
    return (select(LeavePostNotice).where(*_still_open(), LeavePostNotice.left_at < bindparam("sweep_left_before"))
            .order_by(LeavePostNotice.left_at, LeavePostNotice.id))


def colleagues(department_id: int) -> list[int]:
    """The active people of a department, highest rank first: who could cover a post."""
    return list(db.session.scalars(select(Employee.id).where(
        Employee.department_id == department_id, Employee.active).order_by(RANK_ORDER, Employee.name_pinyin)))


def registered_since(since_utc: datetime) -> tuple[list[LeavePostNotice], list[LeaveRequest]]:
    """The general manager's registered notices and leave (nobody below him approves them)
    filed since `since_utc`, newest first: what the office is to know of."""
    notices = list(db.session.scalars(
        select(LeavePostNotice).options(joinedload(LeavePostNotice.employee))
        .where(LeavePostNotice.approver_id.is_(None), LeavePostNotice.decided_by_id == LeavePostNotice.employee_id,
               LeavePostNotice.created_at >= since_utc)
        .order_by(LeavePostNotice.left_at.desc())).unique())
    leave = list(db.session.scalars(
        select(LeaveRequest).options(joinedload(LeaveRequest.employee))
        .where(LeaveRequest.approver_id.is_(None), LeaveRequest.decided_by_id == LeaveRequest.employee_id,
               LeaveRequest.created_at >= since_utc)
        .order_by(LeaveRequest.start_date.desc())).unique())
    return notices, leave


def grace_minutes() -> float:
    """How long after the time they gave someone out on a notice counts as overdue (a setting)."""
    return float(current_app.config.get("PORTAL_RETURN_GRACE_MINUTES", rules.RETURN_GRACE_MINUTES))


def overdue(notice: LeavePostNotice, now: datetime) -> bool:
    return notice.state == "approved" and rules.return_status(
        notice.expected_back, notice.returned_at, now, grace_minutes()) == rules.OVERDUE


def company_counts(now_utc: datetime) -> dict[str, int]:
    """How many people each filter of the board shows for the whole company now."""
    rows = [row for _department, people in board(now_utc) for row in people]
    return rules.filter_counts((row.status, bool(row.notice) and overdue(row.notice, now_utc)) for row in rows)


# Whether any notice waits for the sweep is kept while the notices stand.
derived_cache.follow(LeavePostNotice)

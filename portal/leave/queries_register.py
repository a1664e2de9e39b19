"""Loading the attendance register, its history, spot checks, register conflicts and absence
alarms: each function is one SQL statement (or says how many), whatever the size of the
company."""

from datetime import date, datetime, timedelta

from sqlalchemy import Row, Select, and_, bindparam, func, null, or_, select, true, union_all
from sqlalchemy.orm import contains_eager, joinedload

from .. import derived_cache, request_cache
from ..extensions import db
from ..prepared import Asked, first_and_total, prepared
from ..presence import queries as presence_queries
from ..staff import queries as staff_queries
from ..staff.models import Department, Employee
from ..staff.queries import RANK_ORDER
from ..staff.rules import Viewer
from . import rules
from .models import (AlarmFollowUp, AttendanceChange, AttendanceEntry, LeaveEvent, LeaveRequest, RegisterConflict,
                     SpotCheck)


# --- who looks -------------------------------------------------------------------------------

def viewer(user) -> Viewer:
    """The user as the register's rules see them: rank, roles (with LABOUR_SECTION for a member
    of the labour section), the departments they head and oversee. Once per request."""
    def load():
        kind = user.department.kind     # often loaded already for the page
        headed, overseen = staff_queries.charge_of(user.id)
        return Viewer(id=user.id, rank=user.rank, roles=rules.reader_roles(user.role_set, kind),
                      headed_department_ids=headed, overseen_department_ids=overseen)
    return request_cache.once("register_viewer", user.id, load)


def may_decide_head(user, conflict: RegisterConflict) -> bool:
    """Whether `user` decides this head's entry against a 旷工 (the GM, the deputy in charge)."""
    seer = viewer(user)
    return rules.can_resolve_conflict(rules.CONFLICT_HEAD, user.id, seer.rank, seer.roles,
                                      conflict.employee.department.deputy_id)


def may_decide_leave(user, leave: LeaveRequest) -> bool:
    """Whether `user` resolves this leave approved over a 旷工 (its approver, the office)."""
    seer = viewer(user)
    return rules.can_resolve_conflict(rules.CONFLICT_LEAVE, user.id, seer.rank, seer.roles, None,
                                      (leave.approver_id, leave.decided_by_id))


def kept_as_substitute(user_id: int, now_utc: datetime) -> frozenset[int]:
    """The departments whose register `user_id` keeps as the substitute (代岗人) of the head's
    post while the head is away (presence.away decides). The statement runs even when no such head
    is away, so that a page's statements do not depend on who is away at the moment."""
    def load():
        facts = presence_queries.away(now_utc)
        heads = [person for person in facts.ids if facts.substitutes.get(person) == user_id != person]
        rows = db.session.execute(_departments_headed_by(), {"heads": heads}).all()
        return frozenset(dept_id for dept_id, head_id in rows
                         if rules.can_keep_register(user_id, head_id, True, facts.substitutes.get(head_id)))
    return request_cache.once("kept_as_substitute", user_id, load)


@prepared
def _departments_headed_by() -> Select:
    return select(Department.id, Department.head_id).where(
        Department.active, Department.head_id.in_(bindparam("heads", expanding=True)))


# --- the register ---------------------------------------------------------------------------

def members(department_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).where(Employee.department_id == department_id, Employee.active)
        .order_by(RANK_ORDER, Employee.name_pinyin)))


def recorded_on(department_id: int, day: date) -> tuple[int, int]:
    """(members, members with an entry on `day`) of the department: how far its register is kept."""
    members, recorded = db.session.connection().execute(
        _recorded_on(), {"recorded_department": department_id, "recorded_day": day}).one()
    return members, recorded


@prepared
def _recorded_on() -> Select:
    entry = and_(AttendanceEntry.employee_id == Employee.id, AttendanceEntry.day == bindparam("recorded_day"))
    return (select(func.count(Employee.id), func.count(AttendanceEntry.id))
            .select_from(Employee).outerjoin(AttendanceEntry, entry)
            .where(Employee.active, Employee.department_id == bindparam("recorded_department")))


def entries(department_id: int, first: date, last: date) -> dict[tuple[int, date], AttendanceEntry]:
    rows = db.session.scalars(
        select(AttendanceEntry).join(AttendanceEntry.employee)
        .where(Employee.department_id == department_id, AttendanceEntry.day.between(first, last)))
    return {(e.employee_id, e.day): e for e in rows}


def entries_and_beside(department_id: int, first: date, last: date) -> tuple[dict[tuple[int, date], Row],
                                                                             dict[tuple[int, date], Row]]:
    """A department's cells of the days (rows of code, absent_reason, source), and the heads'
    entries waiting beside a protected 旷工 among them (rows of claim_code; such an entry always
    stands beside a cell) — one statement, no objects: a large department's month is a
    thousand cells."""
    beside_join = and_(RegisterConflict.employee_id == AttendanceEntry.employee_id,
                       RegisterConflict.day == AttendanceEntry.day, RegisterConflict.kind == rules.CONFLICT_HEAD,
                       RegisterConflict.state == rules.CONFLICT_OPEN)
    found, beside = {}, {}
    for row in db.session.execute(
            select(AttendanceEntry.employee_id, AttendanceEntry.day, AttendanceEntry.code,
                   AttendanceEntry.absent_reason, AttendanceEntry.source, RegisterConflict.claim_code)
            .join(AttendanceEntry.employee).outerjoin(RegisterConflict, beside_join)
            .where(Employee.department_id == department_id, AttendanceEntry.day.between(first, last))).all():
        found[(row.employee_id, row.day)] = row
        if row.claim_code is not None:
            beside[(row.employee_id, row.day)] = row
    return found, beside


def approved_leave_parts(first: date, last: date, department_id: int | None = None,
                         employee_id: int | None = None) -> dict[tuple[int, date], dict[str, str]]:
    """rules.leave_parts of the approved leave overlapping the days (of a department, or a person)."""
    stmt = (select(LeaveRequest.employee_id, LeaveRequest.leave_type, LeaveRequest.start_date,
                   LeaveRequest.start_part, LeaveRequest.end_date, LeaveRequest.end_part)
            .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= last,
                   LeaveRequest.end_date >= first).order_by(LeaveRequest.id))
    if department_id is not None:
        stmt = stmt.join(Employee, Employee.id == LeaveRequest.employee_id).where(
            Employee.department_id == department_id)
    if employee_id is not None:
        stmt = stmt.where(LeaveRequest.employee_id == employee_id)
    return rules.leave_parts([tuple(r) for r in db.session.execute(stmt).all()], first, last)


def employee_with_department(employee_id: int) -> Employee | None:
    return db.session.scalar(select(Employee).options(joinedload(Employee.department))
                             .where(Employee.id == employee_id))


def entry(employee_id: int, day: date) -> AttendanceEntry | None:
    return db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))


def open_head_entry(employee_id: int, day: date) -> RegisterConflict | None:
    return db.session.scalar(select(RegisterConflict).where(
        RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.employee_id == employee_id,
        RegisterConflict.day == day, RegisterConflict.state == rules.CONFLICT_OPEN).limit(1))


def person_entries(employee_id: int, first: date, last: date) -> dict[tuple[int, date], AttendanceEntry]:
    rows = db.session.scalars(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day.between(first, last)))
    return {(e.employee_id, e.day): e for e in rows}


# --- a person's month: every change, conflict and spot check ------------------------------------

def changes_of(employee_id: int, first: date, last: date) -> list[AttendanceChange]:
    """Every recorded change of the person's cells in the days, oldest first, with who made it."""
    return list(db.session.scalars(
        select(AttendanceChange).options(joinedload(AttendanceChange.changed_by))
        .where(AttendanceChange.employee_id == employee_id, AttendanceChange.day.between(first, last))
        .order_by(AttendanceChange.day, AttendanceChange.changed_at, AttendanceChange.id)))


def conflicts_of(employee_id: int, first: date, last: date) -> list[RegisterConflict]:
    return list(db.session.scalars(
        select(RegisterConflict).options(joinedload(RegisterConflict.claimed_by),
                                         joinedload(RegisterConflict.decided_by))
        .where(RegisterConflict.employee_id == employee_id, RegisterConflict.day.between(first, last))
        .order_by(RegisterConflict.day, RegisterConflict.created_at, RegisterConflict.id)))


def spot_checks_of(employee_id: int, first: date, last: date) -> list[SpotCheck]:
    return list(db.session.scalars(
        select(SpotCheck).options(joinedload(SpotCheck.checked_by))
        .where(SpotCheck.employee_id == employee_id, SpotCheck.day.between(first, last))
        .order_by(SpotCheck.day, SpotCheck.checked_at)))


# --- spot checks ---------------------------------------------------------------------------------

def _department_scope(stmt, deputy_id: int | None):
    """Limit a statement already joined to Employee to the departments a deputy oversees."""
    if deputy_id is None:
        return stmt
    return stmt.where(Employee.department_id.in_(
        select(Department.id).where(Department.deputy_id == deputy_id)))


def spot_checks(since: date, until: date, deputy_id: int | None = None,
                ) -> list[tuple[SpotCheck, str | None, str | None]]:
    """Spot checks from `since` to `until`, newest first, each with the register's code and
    reason for that person and day (None when not recorded); a deputy sees their departments'
    and the checks they made themselves."""
    stmt = (select(SpotCheck, AttendanceEntry.code, AttendanceEntry.absent_reason)
            .join(SpotCheck.employee).join(Employee.department)
            .outerjoin(AttendanceEntry, _entry_of_check())
            .options(contains_eager(SpotCheck.employee).contains_eager(Employee.department),
                     joinedload(SpotCheck.checked_by))
            .where(SpotCheck.day.between(since, until))
            .order_by(SpotCheck.day.desc(), SpotCheck.checked_at.desc()))
    if deputy_id is not None:
        stmt = stmt.where(_checks_of_deputy(deputy_id))
    return [tuple(r) for r in db.session.execute(stmt).all()]


def _entry_of_check():
    """SQL: the register's cell of a spot check's person and day."""
    return and_(AttendanceEntry.employee_id == SpotCheck.employee_id, AttendanceEntry.day == SpotCheck.day)


def _checks_of_deputy(deputy_id: int):
    """SQL: the spot checks a deputy manager sees: of their departments, or made by them."""
    return or_(Employee.department_id.in_(select(Department.id).where(Department.deputy_id == deputy_id)),
               SpotCheck.checked_by_id == deputy_id)


def leave_spans_of(employee_ids, since: date, until: date) -> list[tuple[int, str, date, str, date, str]]:
    if not employee_ids:
        return []
    return [tuple(r) for r in db.session.execute(
        select(LeaveRequest.employee_id, LeaveRequest.leave_type, LeaveRequest.start_date, LeaveRequest.start_part,
               LeaveRequest.end_date, LeaveRequest.end_part)
        .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= until,
               LeaveRequest.end_date >= since, LeaveRequest.employee_id.in_(set(employee_ids)))
        .order_by(LeaveRequest.id)).all()]


SPOT_CHECK_MONTHS = 3


def spot_check_rows(user, today: date) -> list[dict]:
    """The spot checks of the last months the user may see (all, or a deputy's departments),
    each with the register's record of that day (approved leave counts as on leave) and whether
    the two conflict (§9). Two queries."""
    since = rules.add_months(today, -SPOT_CHECK_MONTHS)
    checks = spot_checks(since, today, deputy_id=None if _sees_all_spot_checks(user) else user.id)
    leave = _leave_at(leave_spans_of([c.employee_id for c, _code, _reason in checks], since, today))
    rows = []
    for check, head_code, head_reason in checks:
        record = _day_record(leave, check.employee_id, check.day, head_code)
        rows.append({"check": check, "record": record,
                     "record_reason": head_reason if record == rules.ABSENT else None,
                     "conflict": bool(record) and rules.spot_check_conflicts(record, check.code)})
    return rows


def spot_check_conflict_count(user, today: date) -> int:
    """How many of `spot_check_rows` conflict, from the codes alone and with the approved leave
    covering each check's day joined in (the home page: one statement)."""
    since = rules.add_months(today, -SPOT_CHECK_MONTHS)
    stmt = (select(SpotCheck.id, SpotCheck.employee_id, SpotCheck.day, SpotCheck.code,
                   AttendanceEntry.code.label("head_code"), LeaveRequest.employee_id.label("leave_of"),
                   LeaveRequest.leave_type, LeaveRequest.start_date, LeaveRequest.start_part,
                   LeaveRequest.end_date, LeaveRequest.end_part)
            .join(Employee, Employee.id == SpotCheck.employee_id)
            .outerjoin(AttendanceEntry, _entry_of_check())
            .outerjoin(LeaveRequest, and_(LeaveRequest.employee_id == SpotCheck.employee_id,
                                          LeaveRequest.state == "approved", LeaveRequest.start_date <= SpotCheck.day,
                                          LeaveRequest.end_date >= SpotCheck.day))
            .where(SpotCheck.day.between(since, today)).order_by(SpotCheck.id, LeaveRequest.id))
    scope = None if _sees_all_spot_checks(user) else user.id
    if scope is not None:
        stmt = stmt.where(_checks_of_deputy(scope))

    def count() -> int:
        checks: dict[int, tuple] = {}
        spans: dict[int, list] = {}
        for r in db.session.execute(stmt):
            checks[r.id] = (r.employee_id, r.day, r.head_code, r.code)
            if r.leave_of is not None:
                spans.setdefault(r.employee_id, []).append(
                    (r.leave_of, r.leave_type, r.start_date, r.start_part, r.end_date, r.end_part))
        records = ((_day_record(spans, person, day, head_code), code)
                   for person, day, head_code, code in checks.values())
        return sum(1 for record, code in records if record and rules.spot_check_conflicts(record, code))
    return derived_cache.remembered("spot_check_conflicts", (scope, today), count)


def _sees_all_spot_checks(user) -> bool:
    return (rules.can_see_spot_checks(user.id, user.rank, user.role_set, None)
            or rules.can_see_spot_checks(user.id, user.rank, viewer(user).roles, None))


def _leave_at(spans) -> dict[int, list]:
    """Leave spans by person, for `_day_record` (checks fall on a few days of long spans)."""
    by_person: dict[int, list] = {}
    for span in spans:
        by_person.setdefault(span[0], []).append(span)
    return by_person


def _day_record(leave: dict[int, list], employee_id: int, day: date, head_code: str | None) -> str | None:
    """What the register holds for the person that day: the head's code, or approved leave."""
    parts = rules.leave_parts([s for s in leave.get(employee_id, ()) if s[2] <= day <= s[4]], day, day)
    return rules.day_record(head_code, rules.half_of(parts.get((employee_id, day))))


# --- register conflicts --------------------------------------------------------------------------

CONFLICT_HISTORY_MONTHS = 3
CONFLICT_DAYS_BACK = 366      # leave over a 旷工 is looked for this far back


def _scope_conflicts(stmt, seer: Viewer, sees_all: bool, stored: bool = True, with_leave: bool = True):
    """Limit a statement joined to Employee (the person) to what `seer` may see: their
    departments (headed or overseen), what they entered themselves (`stored` conflicts), leave
    they approved (`with_leave`: LeaveRequest is joined)."""
    if sees_all:
        return stmt
    conditions = [Employee.department_id.in_(set(seer.headed_department_ids | seer.overseen_department_ids) or {-1})]
    if stored:
        conditions.append(RegisterConflict.claimed_by_id == seer.id)
    if with_leave:
        conditions += [LeaveRequest.approver_id == seer.id, LeaveRequest.decided_by_id == seer.id]
    return stmt.where(or_(*conditions))


def sees_all_conflicts(seer: Viewer) -> bool:
    return seer.rank == "general_manager" or bool({"office", rules.LABOUR_SECTION} & seer.roles)


def _full_day_covered():
    """SQL: approved leave covers the entry's day in whole."""
    return and_(or_(AttendanceEntry.day > LeaveRequest.start_date, LeaveRequest.start_part == "am"),
                or_(AttendanceEntry.day < LeaveRequest.end_date, LeaveRequest.end_part == "pm"))


def _leave_spans_cell():
    """SQL: the register cell is the leave's person's, on a day from its first to its last."""
    return and_(AttendanceEntry.employee_id == LeaveRequest.employee_id,
                AttendanceEntry.day.between(LeaveRequest.start_date, LeaveRequest.end_date))


def _leave_over_absence(today: date):
    no_decision = ~select(RegisterConflict.id).where(
        RegisterConflict.leave_request_id == LeaveRequest.id, RegisterConflict.day == AttendanceEntry.day).exists()
    return (select(LeaveRequest, AttendanceEntry).select_from(LeaveRequest)
            .join(AttendanceEntry, _leave_spans_cell())
            .join(Employee, Employee.id == LeaveRequest.employee_id)
            .where(LeaveRequest.state == "approved", AttendanceEntry.code == rules.ABSENT,
                   AttendanceEntry.day >= today - timedelta(days=CONFLICT_DAYS_BACK), _full_day_covered(),
                   no_decision))


def open_conflicts(user, today: date) -> tuple[list[RegisterConflict], list[tuple[LeaveRequest, AttendanceEntry]]]:
    """What is open for the user to see: heads' entries beside a protected 旷工, and days
    where approved leave meets a 旷工 (leave, the cell). Two statements: which days is kept in
    derived_cache per scope (it reads a year of the register), their rows are loaded by cell."""
    seer = viewer(user)
    everything = sees_all_conflicts(seer)
    heads = _scope_conflicts(
        select(RegisterConflict).join(Employee, Employee.id == RegisterConflict.employee_id)
        .options(contains_eager(RegisterConflict.employee).joinedload(Employee.department),
                 joinedload(RegisterConflict.claimed_by), joinedload(RegisterConflict.mark_by))
        .where(RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.state == rules.CONFLICT_OPEN)
        .order_by(RegisterConflict.day, RegisterConflict.id), seer, everything, with_leave=False)
    scope = None if everything else (seer.id, seer.headed_department_ids | seer.overseen_department_ids)

    def leave_days():
        return _leave_day_ids(_scope_conflicts(_leave_days_over_absence(today), seer, everything, stored=False))
    leave = _leave_and_cells(derived_cache.remembered("leave_over_absence_seen", (scope, today), leave_days))
    return list(db.session.scalars(heads).unique()), leave


def decided_conflicts(user, today: date) -> list[RegisterConflict]:
    """Conflicts decided or withdrawn in the last months that the user may see, newest first."""
    seer = viewer(user)
    since = rules.add_months(today, -CONFLICT_HISTORY_MONTHS)
    stmt = (select(RegisterConflict).join(Employee, Employee.id == RegisterConflict.employee_id)
            .outerjoin(LeaveRequest, LeaveRequest.id == RegisterConflict.leave_request_id)
            .options(contains_eager(RegisterConflict.employee).joinedload(Employee.department),
                     joinedload(RegisterConflict.claimed_by), joinedload(RegisterConflict.decided_by))
            .where(RegisterConflict.state != rules.CONFLICT_OPEN, RegisterConflict.day >= since)
            .order_by(RegisterConflict.decided_at.desc(), RegisterConflict.id.desc()).limit(100))
    return list(db.session.scalars(_scope_conflicts(stmt, seer, sees_all_conflicts(seer))).unique())


def conflict(conflict_id: int) -> RegisterConflict | None:
    return db.session.scalar(select(RegisterConflict).options(
        joinedload(RegisterConflict.employee).joinedload(Employee.department),
        joinedload(RegisterConflict.claimed_by), joinedload(RegisterConflict.decided_by),
        joinedload(RegisterConflict.mark_by)).where(RegisterConflict.id == conflict_id))


def leave_over_absence(leave_id: int, day: date, today: date) -> tuple[LeaveRequest, AttendanceEntry] | None:
    """That leave and 旷工 of the day, if they still meet undecided."""
    row = db.session.execute(
        _leave_over_absence(today).options(contains_eager(LeaveRequest.employee).joinedload(Employee.department))
        .where(LeaveRequest.id == leave_id, AttendanceEntry.day == day)).first()
    return tuple(row) if row else None


def leave_conflict_decided(leave_id: int, day: date) -> RegisterConflict | None:
    return db.session.scalar(select(RegisterConflict).options(joinedload(RegisterConflict.decided_by))
                             .where(RegisterConflict.leave_request_id == leave_id, RegisterConflict.day == day))


def conflict_counts(user, today: date) -> tuple[Asked | None, int]:
    """The heads' entries the user may decide, as a query of one number (None for those who
    decide none), and how many days of leave approved over a 旷工 the user may resolve."""
    if user.rank == "general_manager":
        heads = Asked(_open_head_conflicts(of_everyone=True))
    elif user.rank == "deputy_manager":
        heads = Asked(_open_head_conflicts(of_everyone=False), {"conflicts_deputy": user.id})
    else:
        heads = None
    return heads, len(_leave_conflicts_of(user, today))


def leave_conflicts_to_resolve(user, today: date, limit: int,
                               ) -> tuple[list[tuple[LeaveRequest, AttendanceEntry]], int]:
    """The first `limit` days of leave approved over a 旷工 that `user` resolves (the office all
    of them; anyone else those of leave they approved), the oldest day first, and how many. One
    statement: which days is remembered, the ones shown are loaded by their register cells."""
    pairs = _leave_conflicts_of(user, today)
    return _leave_and_cells(pairs[:limit]), len(pairs)


def _leave_and_cells(pairs) -> list[tuple[LeaveRequest, AttendanceEntry]]:
    """The (leave, register cell) of each (leave id, cell id), in that order: one statement."""
    # (no row is numbered 0: asked with an empty list, SQLite would scan the whole register)
    ids = {"leaves": sorted({leave for leave, _cell in pairs}) or [0], "cells": [cell for _leave, cell in pairs] or [0]}
    rows = db.session.execute(_leave_conflicts_by_cell(), ids).unique().all()
    found = {(leave.id, entry.id): (leave, entry) for leave, entry in rows if leave.state == "approved"}
    return [found[pair] for pair in pairs if pair in found]


def _leave_conflicts_of(user, today: date) -> tuple[tuple[int, int], ...]:
    """(leave id, register cell id) of each day of leave approved over a 旷工 that `user` resolves,
    oldest first. Kept in derived_cache: it reads a year of the register."""
    scope = None if user.has_role("office") else user.id

    def load():
        found = _leave_days_over_absence(today)
        if scope is not None:
            found = found.where(or_(LeaveRequest.approver_id == scope, LeaveRequest.decided_by_id == scope))
        return _leave_day_ids(found)
    return derived_cache.remembered("leave_over_absence", (scope, today), load)


def _leave_days_over_absence(today: date) -> Select:
    """(leave id, register cell id) of each day of approved leave over an undecided 旷工, oldest first."""
    return (_leave_over_absence(today).with_only_columns(LeaveRequest.id, AttendanceEntry.id)
            .order_by(AttendanceEntry.day, LeaveRequest.id))


def _leave_day_ids(statement: Select) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(row) for row in db.session.execute(statement))


@prepared
def _leave_conflicts_by_cell() -> Select:
    return (select(LeaveRequest, AttendanceEntry).select_from(LeaveRequest)
            .join(AttendanceEntry, _leave_spans_cell())
            .join(Employee, Employee.id == LeaveRequest.employee_id)
            .options(contains_eager(LeaveRequest.employee).joinedload(Employee.department),
                     joinedload(LeaveRequest.decided_by), joinedload(LeaveRequest.approver))
            # by both ids alone: asked by the cells (or with the leave's state), SQLite walked every
            # approved leave's days to find them; the caller keeps the leave still approved
            .where(LeaveRequest.id.in_(bindparam("leaves", expanding=True)),
                   AttendanceEntry.id.in_(bindparam("cells", expanding=True))))


@prepared
def _open_head_conflicts(of_everyone: bool) -> Select:
    """Open conflicts of a head's entry: all of them (the GM), or those of the departments the
    deputy (`conflicts_deputy`) oversees."""
    return (select(func.count()).select_from(RegisterConflict)
            .join(Employee, Employee.id == RegisterConflict.employee_id).where(*_head_conflicts_decided_by(of_everyone)))


def _head_conflicts_decided_by(of_everyone: bool) -> tuple:
    scope = true() if of_everyone else Employee.department_id.in_(
        select(Department.id).where(Department.deputy_id == bindparam("conflicts_deputy"), Department.active))
    return RegisterConflict.kind == rules.CONFLICT_HEAD, RegisterConflict.state == rules.CONFLICT_OPEN, scope


def head_conflicts_to_decide(user, limit: int) -> tuple[list[RegisterConflict], int]:
    """The first `limit` heads' entries against a 旷工 that `user` decides (the GM all of them, a
    deputy those of the departments he oversees; nobody else), the oldest day first, and how many."""
    if user.rank not in rules.LEADER_RANKS:
        return [], 0
    return first_and_total(_head_conflicts_first(user.rank == "general_manager"), limit, {"conflicts_deputy": user.id})


@prepared
def _head_conflicts_first(of_everyone: bool) -> Select:
    return (select(RegisterConflict).join(Employee, Employee.id == RegisterConflict.employee_id)
            .options(contains_eager(RegisterConflict.employee).joinedload(Employee.department),
                     joinedload(RegisterConflict.claimed_by), joinedload(RegisterConflict.mark_by))
            .where(*_head_conflicts_decided_by(of_everyone))
            .order_by(RegisterConflict.day, RegisterConflict.id))


# What the figures above are derived from (derived_cache).
derived_cache.follow(AttendanceChange, LeaveEvent, SpotCheck, AlarmFollowUp, RegisterConflict)


# --- absence alarms ------------------------------------------------------------------------------

def alarm_inputs(since: date, until: date, deputy_id: int | None = None, employee_id: int | None = None,
                 ) -> tuple[dict[int, list[date]], dict[int, list[tuple[str, str, date]]]]:
    """Days recorded as absent without leave, per employee (active ones; or one person), and
    the alarms' follow-ups that may still count (through on or after `since`) — one statement."""
    absent = _department_scope(
        select(AttendanceEntry.employee_id, AttendanceEntry.day.label("day"), null().label("alarm"),
               null().label("step"))
        .join(Employee, Employee.id == AttendanceEntry.employee_id)
        .where(Employee.active, AttendanceEntry.code == rules.ABSENT, AttendanceEntry.day.between(since, until)),
        deputy_id)
    followed = _department_scope(
        select(AlarmFollowUp.employee_id, AlarmFollowUp.through, AlarmFollowUp.alarm, AlarmFollowUp.step)
        .join(Employee, Employee.id == AlarmFollowUp.employee_id)
        .where(Employee.active, AlarmFollowUp.through >= since), deputy_id)
    if employee_id is not None:
        absent = absent.where(AttendanceEntry.employee_id == employee_id)
        followed = followed.where(AlarmFollowUp.employee_id == employee_id)
    days: dict[int, list[date]] = {}
    follow_ups: dict[int, list[tuple[str, str, date]]] = {}
    for employee_id, day, alarm, step in db.session.execute(union_all(absent, followed)).all():
        if alarm is None:
            days.setdefault(employee_id, []).append(day)
        else:
            follow_ups.setdefault(employee_id, []).append((alarm, step, day))
    return days, follow_ups


def absent_days(since: date, until: date, deputy_id: int | None = None) -> dict[int, list[date]]:
    """Days recorded as absent without leave, per employee (active ones)."""
    return alarm_inputs(since, until, deputy_id)[0]


def _alarm_scope(user) -> int | None:
    """None: every department; else the deputy manager's own."""
    if rules.can_see_alarms(user.id, user.rank, user.role_set, None):
        return None
    return None if rules.can_see_alarms(user.id, user.rank, viewer(user).roles, None) else user.id


def alarm_standings(user, today: date) -> dict[int, dict[str, tuple]]:
    """{person: rules.alarm_follow_up(...)} for the people the user may see with an open or
    near alarm — one statement, and none while the register, the follow-ups and the
    organisation are as they were when it was last computed for that scope (derived_cache)."""
    scope = _alarm_scope(user)

    def load():
        days, follow_ups = alarm_inputs(rules.alarm_lookback(today), today, deputy_id=scope)
        standings = {pid: rules.alarm_follow_up(found, follow_ups.get(pid, ()), today) for pid, found in days.items()}
        return {pid: found for pid, found in standings.items() if found}
    return derived_cache.remembered("alarm_standings", (scope, today), load)


def alarm_lists(user, today: date) -> dict[str, dict[str, list]]:
    """{alarm: {"open": [...], "near": [...]}} for the people the user may see (all, or a
    deputy's departments); each item (person, days, first, last, steps recorded). Two queries."""
    standings = alarm_standings(user, today)
    found_people = staff_queries.people(standings)
    lists = {alarm: {rules.OPEN: [], rules.NEAR: []} for alarm, _months, _limit in rules.ALARM_RULES}
    for pid, found in standings.items():
        for alarm, (standing, count, first, last, done) in found.items():
            lists[alarm][standing].append((found_people[pid], count, first, last, done))
    for groups in lists.values():
        for items in groups.values():
            items.sort(key=lambda item: (-item[1], item[0].name_pinyin))
    return lists


def open_alarm_count(user, today: date) -> int:
    """How many alarms wait for their follow-up among the people the user may see."""
    return sum(1 for found in alarm_standings(user, today).values()
               for standing, *_rest in found.values() if standing == rules.OPEN)


FOLLOW_UP_HISTORY_MONTHS = 6


def follow_ups(user, today: date, employee_id: int | None = None) -> list[AlarmFollowUp]:
    """The follow-ups recorded in the last half year (or all of one person's), newest first."""
    stmt = (select(AlarmFollowUp).join(Employee, Employee.id == AlarmFollowUp.employee_id)
            .options(contains_eager(AlarmFollowUp.employee).joinedload(Employee.department),
                     joinedload(AlarmFollowUp.held_by), joinedload(AlarmFollowUp.recorded_by))
            .order_by(AlarmFollowUp.recorded_at.desc(), AlarmFollowUp.id.desc()))
    if employee_id is not None:
        stmt = stmt.where(AlarmFollowUp.employee_id == employee_id)
    else:
        stmt = stmt.where(AlarmFollowUp.recorded_at >= datetime.combine(
            rules.add_months(today, -FOLLOW_UP_HISTORY_MONTHS), datetime.min.time())).limit(200)
    return list(db.session.scalars(_department_scope(stmt, _alarm_scope(user))).unique())


def person_alarm(employee_id: int, today: date) -> dict[str, tuple]:
    """rules.alarm_follow_up for one person — one statement."""
    days, follow_ups_found = alarm_inputs(rules.alarm_lookback(today), today, employee_id=employee_id)
    return rules.alarm_follow_up(days.get(employee_id, ()), follow_ups_found.get(employee_id, ()), today)

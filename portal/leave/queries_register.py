"""Loading the attendance register, spot checks and absence alarms: each function is one
SQL statement, whatever the size of the company."""

from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..staff import queries as staff_queries
from ..staff.models import Department, Employee
from ..staff.queries import RANK_ORDER
from . import rules
from .models import AttendanceEntry, LeaveRequest, SpotCheck


def members(department_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).where(Employee.department_id == department_id, Employee.active)
        .order_by(RANK_ORDER, Employee.name_pinyin)))


def entries(department_id: int, first: date, last: date) -> dict[tuple[int, date], AttendanceEntry]:
    rows = db.session.scalars(
        select(AttendanceEntry).join(AttendanceEntry.employee)
        .where(Employee.department_id == department_id, AttendanceEntry.day.between(first, last)))
    return {(e.employee_id, e.day): e for e in rows}


def approved_leave_spans(first: date, last: date, department_id: int | None = None,
                         employee_id: int | None = None) -> list[tuple[int, date, str, date, str]]:
    """(employee_id, start, start_part, end, end_part) of approved leave overlapping the days."""
    stmt = (select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
                   LeaveRequest.end_date, LeaveRequest.end_part)
            .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= last,
                   LeaveRequest.end_date >= first))
    if department_id is not None:
        stmt = stmt.join(Employee, Employee.id == LeaveRequest.employee_id).where(
            Employee.department_id == department_id)
    if employee_id is not None:
        stmt = stmt.where(LeaveRequest.employee_id == employee_id)
    return [tuple(r) for r in db.session.execute(stmt).all()]


def employee_with_department(employee_id: int) -> Employee | None:
    return db.session.scalar(select(Employee).options(joinedload(Employee.department))
                             .where(Employee.id == employee_id))


def entry(employee_id: int, day: date) -> AttendanceEntry | None:
    return db.session.scalar(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day == day))


def _department_scope(stmt, deputy_id: int | None):
    """Limit a statement already joined to Employee to the departments a deputy oversees."""
    if deputy_id is None:
        return stmt
    return stmt.where(Employee.department_id.in_(
        select(Department.id).where(Department.deputy_id == deputy_id)))


def spot_checks(since: date, until: date, deputy_id: int | None = None,
                ) -> list[tuple[SpotCheck, str | None, str | None]]:
    """Spot checks from `since` to `until`, newest first, each with the head's code and
    reason for that person and day (None when not recorded)."""
    stmt = (select(SpotCheck, AttendanceEntry.code, AttendanceEntry.absent_reason)
            .join(SpotCheck.employee).join(Employee.department)
            .outerjoin(AttendanceEntry, and_(AttendanceEntry.employee_id == SpotCheck.employee_id,
                                             AttendanceEntry.day == SpotCheck.day))
            .options(contains_eager(SpotCheck.employee).contains_eager(Employee.department),
                     joinedload(SpotCheck.checked_by))
            .where(SpotCheck.day.between(since, until))
            .order_by(SpotCheck.day.desc(), SpotCheck.checked_at.desc()))
    return [tuple(r) for r in db.session.execute(_department_scope(stmt, deputy_id)).all()]


def leave_spans_of(employee_ids, since: date, until: date) -> list[tuple[int, date, str, date, str]]:
    if not employee_ids:
        return []
    return [tuple(r) for r in db.session.execute(
        select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
               LeaveRequest.end_date, LeaveRequest.end_part)
        .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= until,
               LeaveRequest.end_date >= since, LeaveRequest.employee_id.in_(set(employee_ids)))).all()]


def absent_days(since: date, until: date, deputy_id: int | None = None) -> dict[int, list[date]]:
    """Days recorded as absent without leave, per employee (active ones)."""
    stmt = (select(AttendanceEntry.employee_id, AttendanceEntry.day)
            .join(Employee, Employee.id == AttendanceEntry.employee_id)
            .where(Employee.active, AttendanceEntry.code == rules.ABSENT,
                   AttendanceEntry.day.between(since, until)))
    found: dict[int, list[date]] = {}
    for employee_id, day in db.session.execute(_department_scope(stmt, deputy_id)).all():
        found.setdefault(employee_id, []).append(day)
    return found


# --- assembled for pages and the home page ------------------------------------------------

SPOT_CHECK_MONTHS = 3


def spot_check_rows(user, today: date) -> list[dict]:
    """The spot checks of the last months the user may see (all, or a deputy's departments),
    each with the head's record of that day (approved leave counts as on leave) and whether
    the two conflict (§9). Two queries."""
    since = rules.add_months(today, -SPOT_CHECK_MONTHS)
    sees_all = rules.can_see_spot_checks(user.id, user.rank, user.role_set, None)
    checks = spot_checks(since, today, deputy_id=None if sees_all else user.id)
    leave = rules.leave_halves(leave_spans_of([c.employee_id for c, _code, _reason in checks], since, today),
                               since, today)
    rows = []
    for check, head_code, head_reason in checks:
        record = rules.day_record(head_code, (check.employee_id, check.day) in leave)
        rows.append({"check": check, "record": record,
                     "record_reason": head_reason if record == rules.ABSENT else None,
                     "conflict": bool(record) and rules.spot_check_conflicts(record, check.code)})
    return rows


def alarm_lists(user, today: date) -> dict[str, dict[str, list]]:
    """{alarm: {"reached": [...], "near": [...]}} for the people the user may see (all, or a
    deputy's departments); each item (person, days, first, last). Two queries."""
    sees_all = rules.can_see_alarms(user.id, user.rank, user.role_set, None)
    absent = absent_days(rules.alarm_lookback(today), today, deputy_id=None if sees_all else user.id)
    standings = {pid: rules.alarm_standing(days, today) for pid, days in absent.items()}
    standings = {pid: found for pid, found in standings.items() if found}
    found_people = staff_queries.people(standings)
    lists = {alarm: {"reached": [], "near": []} for alarm, _months, _limit in rules.ALARM_RULES}
    for pid, found in standings.items():
        for alarm, (standing, count, first, last) in found.items():
            lists[alarm][standing].append((found_people[pid], count, first, last))
    for groups in lists.values():
        for items in groups.values():
            items.sort(key=lambda item: (-item[1], item[0].name_pinyin))
    return lists


def person_entries(employee_id: int, first: date, last: date) -> dict[tuple[int, date], AttendanceEntry]:
    rows = db.session.scalars(select(AttendanceEntry).where(
        AttendanceEntry.employee_id == employee_id, AttendanceEntry.day.between(first, last)))
    return {(e.employee_id, e.day): e for e in rows}

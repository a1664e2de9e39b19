"""Loading duty shifts, overtime reports and the month's attendance figures: each function
is one or two SQL statements, whatever the size of the company."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, bindparam, distinct, extract, func, or_, select
from sqlalchemy.orm import joinedload

from .. import derived_cache
from ..extensions import db
from ..prepared import Asked, first_and_total, prepared
from ..settings import HOLIDAY_ALLOWANCE, get_setting
from ..staff.models import Employee
from ..staff.queries import RANK_ORDER
from . import reports, rules
from .models import AttendanceEntry, DutyShift, LeaveRequest, OvertimeReport, RosterApproval


# --- duty roster -----------------------------------------------------------------------

def shifts_between(first: date, last: date) -> list[DutyShift]:
    return list(db.session.scalars(
        select(DutyShift)
        .options(joinedload(DutyShift.employee).joinedload(Employee.department))
        .where(DutyShift.day.between(first, last))
        .order_by(DutyShift.day, DutyShift.post, DutyShift.id)))


def next_shift_day(since: date) -> date | None:
    """The first day from `since` on with a duty shift (of anyone)."""
    return db.session.scalar(select(func.min(DutyShift.day)).where(DutyShift.day >= since))


def next_shift_of(employee_id: int, since: date) -> DutyShift | None:
    """The person's next duty shift still to be done, from `since` on."""
    return db.session.scalar(
        select(DutyShift).where(DutyShift.employee_id == employee_id, DutyShift.day >= since,
                                DutyShift.status == rules.ASSIGNED)
        .order_by(DutyShift.day, DutyShift.id).limit(1))


def shift(shift_id: int) -> DutyShift | None:
    return db.session.get(DutyShift, shift_id)


def roster_approvals(first: date, last: date) -> list[RosterApproval]:
    """The general manager's approvals of the roster from `first` to `last`, oldest first."""
    return list(db.session.scalars(
        select(RosterApproval).options(joinedload(RosterApproval.decided_by))
        .where(RosterApproval.month.between(first, last), RosterApproval.state == "approved")
        .order_by(RosterApproval.decided_at)))


def unapproved_months(since: date) -> list[tuple[date, int]]:
    """The months from `since` on with filled duty shifts the GM has not approved: (its first day,
    how many shifts wait), the earliest first — each a roster to approve at once (one statement)."""
    rows = db.session.connection().execute(_unapproved_months(), {"unapproved_since": since}).all()
    return [(date(int(month) // 100, int(month) % 100, 1), count) for month, count in rows]


def unapproved_months_query(since: date) -> Asked:
    """How many months `unapproved_months` lists (a query of one number, for the home page)."""
    return Asked(_unapproved_months_count(), {"unapproved_months_since": since})


def _month_of_shift():
    return extract("year", DutyShift.day) * 100 + extract("month", DutyShift.day)


def _unapproved(since_name: str):
    return (DutyShift.day >= bindparam(since_name), DutyShift.employee_id.is_not(None), DutyShift.approval_id.is_(None))


@prepared
def _unapproved_months() -> Select:
    month = _month_of_shift().label("month")     # grouped by its name: PostgreSQL would see two expressions
    return select(month, func.count()).where(*_unapproved("unapproved_since")).group_by(month.name).order_by(month.name)


@prepared
def _unapproved_months_count() -> Select:
    return select(func.count(distinct(_month_of_shift()))).where(*_unapproved("unapproved_months_since"))


def unfilled_between(first: date, last: date) -> list[DutyShift]:
    return list(db.session.scalars(
        select(DutyShift).where(DutyShift.day.between(first, last), DutyShift.employee_id.is_(None))
        .order_by(DutyShift.day, DutyShift.post)))


def unfilled_count_query(first: date, last: date, name: str = "unfilled") -> Asked:
    """Unfilled shifts between the days; `name` tells two such counts asked together apart."""
    return Asked(_unfilled_count(name), {f"{name}_first": first, f"{name}_last": last})


@prepared
def _unfilled_count(name: str) -> Select:
    return (select(func.count()).select_from(DutyShift)
            .where(DutyShift.day.between(bindparam(f"{name}_first"), bindparam(f"{name}_last")),
                   DutyShift.employee_id.is_(None)))


def person_has_shift(employee_id: int, day: date, except_id: int | None = None) -> bool:
    stmt = select(DutyShift.id).where(DutyShift.employee_id == employee_id, DutyShift.day == day)
    if except_id:
        stmt = stmt.where(DutyShift.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def _overtime_query():
    return (select(OvertimeReport)
            .options(joinedload(OvertimeReport.employee), joinedload(OvertimeReport.department))
            .order_by(OvertimeReport.day.desc(), OvertimeReport.id.desc()))


def overtime_report(report_id: int) -> OvertimeReport | None:
    return db.session.scalar(select(OvertimeReport).options(
        joinedload(OvertimeReport.employee), joinedload(OvertimeReport.department),
        joinedload(OvertimeReport.decided_by)).where(OvertimeReport.id == report_id))


def overtime_pending() -> list[OvertimeReport]:
    return list(db.session.scalars(_overtime_pending()))


def first_overtime_pending(limit: int) -> tuple[list[OvertimeReport], int]:
    """The first `limit` reports waiting for a decision, and how many wait."""
    return first_and_total(_overtime_pending(), limit)


@prepared
def _overtime_pending() -> Select:
    return _overtime_query().where(OvertimeReport.state == "submitted")


def overtime_recent(department_ids: frozenset[int] | None, since: date, limit: int = 100) -> list[OvertimeReport]:
    """Decided and pending reports from `since` on; all departments when `department_ids` is None."""
    stmt = _overtime_query().where(OvertimeReport.day >= since).limit(limit)
    if department_ids is not None:
        stmt = stmt.where(OvertimeReport.department_id.in_(department_ids))
    return list(db.session.scalars(stmt))


@prepared
def _overtime_pending_count() -> Select:
    return select(func.count()).select_from(OvertimeReport).where(OvertimeReport.state == "submitted")


def overtime_pending_query() -> Asked:
    return Asked(_overtime_pending_count())


def overtime_taken(employee_id: int, day: date) -> bool:
    return db.session.scalar(select(OvertimeReport.id).where(
        OvertimeReport.employee_id == employee_id, OvertimeReport.day == day,
        OvertimeReport.state.in_(("submitted", "approved"))).limit(1)) is not None


# --- settings --------------------------------------------------------------------------

def daily_allowance() -> Decimal | None:
    """The daily allowance setting; None while blank (or, defensively, unreadable)."""
    try:
        return rules.parse_allowance(get_setting(HOLIDAY_ALLOWANCE))
    except ValueError:
        return None


# --- the month's figures ----------------------------------------------------------------

def month_report(departments, first: date, last: date, daily: Decimal | None) -> list:
    """reports.build of `month_figures`: a thousand people's month takes a quarter of a second,
    so it is kept (derived_cache) until the register, leave, duty, overtime, the calendar or the
    organisation change. The key holds the departments as the user may see them (id and name)."""
    return derived_cache.remembered("month_report", _report_key(departments, first, last, daily), lambda: reports.build(
        departments, month_figures([d.id for d in departments], first, last), first, last, daily))


def month_workbook(departments, first: date, last: date, daily: Decimal | None, label: str,
                   notes: list[str]) -> bytes:
    """The report as an Excel workbook (reports.workbook), kept like the report: the company's
    takes half a second to write."""
    return derived_cache.remembered(
        "month_workbook", (_report_key(departments, first, last, daily), label, tuple(notes)),
        lambda: reports.workbook(month_report(departments, first, last, daily), label, daily, notes))


def _report_key(departments, first: date, last: date, daily: Decimal | None) -> tuple:
    return tuple((d.id, d.name) for d in departments), first, last, daily


def month_figures(department_ids: list[int], first: date, last: date) -> dict:
    """Everything the monthly report needs for these departments, in six statements:
    the people, their register codes, approved leave (as taken: reported back early, a leave
    ends where it ended), duty shifts done on a roster the GM approved, approved overtime —
    and from those two the allowance days, one allowance per person per day at most."""
    people = list(db.session.scalars(
        select(Employee).where(Employee.active, Employee.department_id.in_(department_ids))
        .order_by(Employee.department_id, RANK_ORDER, Employee.name_pinyin)))
    ids = [p.id for p in people]
    # The register, each day once: working days no approved leave touches are counted by the
    # database ({person: {code: days}}); the other entries come one by one ({person: {day: code}}),
    # for rules.month_totals to weigh against the leave (a thousand people's month is 20,000 cells).
    working = rules.working_days_between(first, last)
    touched = (select(LeaveRequest.id).where(
        LeaveRequest.employee_id == AttendanceEntry.employee_id, LeaveRequest.state == "approved",
        LeaveRequest.start_date <= AttendanceEntry.day, LeaveRequest.end_date >= AttendanceEntry.day).exists())
    in_month = and_(AttendanceEntry.day.between(first, last), AttendanceEntry.employee_id.in_(ids))
    plain = defaultdict(dict)
    for employee_id, code, days in db.session.execute(
            select(AttendanceEntry.employee_id, AttendanceEntry.code, func.count())
            .where(in_month, AttendanceEntry.day.in_(working), ~touched)
            .group_by(AttendanceEntry.employee_id, AttendanceEntry.code)):
        plain[employee_id][code] = days
    codes = defaultdict(dict)
    for employee_id, day, code in db.session.execute(
            select(AttendanceEntry.employee_id, AttendanceEntry.day, AttendanceEntry.code)
            .where(in_month, or_(touched, AttendanceEntry.day.not_in(working)))):
        codes[employee_id][day] = code
    leaves = db.session.execute(
        select(LeaveRequest.employee_id, LeaveRequest.leave_type, LeaveRequest.start_date,
               LeaveRequest.start_part, LeaveRequest.end_date, LeaveRequest.end_part)
        .where(LeaveRequest.state == "approved", LeaveRequest.employee_id.in_(ids),
               LeaveRequest.start_date <= last, LeaveRequest.end_date >= first)).all()
    duty_done = db.session.execute(
        select(DutyShift.employee_id, DutyShift.day)
        .where(DutyShift.day.between(first, last), DutyShift.status == rules.DONE,
               DutyShift.approval_id.is_not(None), DutyShift.employee_id.in_(ids))).all()
    duty = defaultdict(int)
    for employee_id, _day in duty_done:
        duty[employee_id] += 1
    overtime_rows = db.session.execute(
        select(OvertimeReport.employee_id, OvertimeReport.day, OvertimeReport.days)
        .where(OvertimeReport.day.between(first, last), OvertimeReport.state == "approved",
               OvertimeReport.employee_id.in_(ids))).all()
    overtime = defaultdict(list)
    for employee_id, _day, days in overtime_rows:
        overtime[employee_id].append(Decimal(days))
    allowance = rules.allowance_days_by_person(
        [(employee_id, day, Decimal(1)) for employee_id, day in duty_done]
        + [(employee_id, day, Decimal(days)) for employee_id, day, days in overtime_rows])
    return {"people": people, "plain": plain, "codes": codes, "leaves": leaves, "duty": duty, "overtime": overtime,
            "allowance": allowance}


# What the month's report is derived from besides the register and leave (queries_register).
derived_cache.follow(OvertimeReport, RosterApproval, DutyShift)

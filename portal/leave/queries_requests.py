"""Loading leave requests for pages: each function is one or two SQL statements."""

from datetime import date

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..prepared import prepared
from ..staff.models import Department, Employee
from .models import LeaveEvent, LeaveRequest, OrganiserExcuse

_WITH_PEOPLE = (joinedload(LeaveRequest.employee).joinedload(Employee.department),
                joinedload(LeaveRequest.approver), joinedload(LeaveRequest.decided_by))


def my_requests(employee_id: int, limit: int = 200) -> list[LeaveRequest]:
    return list(db.session.scalars(
        select(LeaveRequest).options(joinedload(LeaveRequest.approver), joinedload(LeaveRequest.decided_by))
        .where(LeaveRequest.employee_id == employee_id)
        .order_by(LeaveRequest.start_date.desc(), LeaveRequest.id.desc()).limit(limit)))


def request_page(request_id: int) -> LeaveRequest | None:
    return db.session.scalar(
        select(LeaveRequest).options(
            *_WITH_PEOPLE,
            selectinload(LeaveRequest.events).joinedload(LeaveEvent.actor),
            selectinload(LeaveRequest.events).joinedload(LeaveEvent.on_behalf_of))
        .where(LeaveRequest.id == request_id))


def request_with_people(request_id: int) -> LeaveRequest | None:
    return db.session.scalar(select(LeaveRequest).options(*_WITH_PEOPLE).where(LeaveRequest.id == request_id))


def pending_with_people(request_ids, limit: int | None = None) -> list[LeaveRequest]:
    """These requests, still submitted, with their people, the earliest first (the first `limit`)."""
    return list(db.session.scalars(_pending_with_people(limit), {"pending_ids": list(request_ids)}))


@prepared
def _pending_with_people(limit: int | None) -> Select:
    return (select(LeaveRequest).options(*_WITH_PEOPLE)
            .where(LeaveRequest.state == "submitted", LeaveRequest.id.in_(bindparam("pending_ids", expanding=True)))
            .order_by(LeaveRequest.start_date, LeaveRequest.id).limit(limit))


def pending_routes_maybe_for(user_id: int, away: set[int]) -> list:
    """Submitted requests this user may have to decide — theirs of record, and those whose
    approver of record is away (the caller keeps those the user acts on) — as routing columns
    only: (id, employee_id, approver_id, approver_level, head_id, deputy_id of the requester's
    department)."""
    return db.session.connection().execute(_pending_routes(), {"routes_user": user_id, "routes_away": list(away)}).all()


@prepared
def _pending_routes() -> Select:
    return (select(LeaveRequest.id, LeaveRequest.employee_id, LeaveRequest.approver_id, LeaveRequest.approver_level,
                   Department.head_id, Department.deputy_id)
            .join(Employee, Employee.id == LeaveRequest.employee_id).join(Department, Department.id == Employee.department_id)
            .where(LeaveRequest.state == "submitted",
                   or_(LeaveRequest.approver_id == bindparam("routes_user"),
                       LeaveRequest.approver_id.in_(bindparam("routes_away", expanding=True)))))


def open_leave_of(employee_id: int, since: date) -> list[LeaveRequest]:
    """The employee's pending and approved leave ending on or after `since`: what a
    new request may join or overlap (leave filed in pieces is routed by the whole)."""
    return list(db.session.scalars(
        select(LeaveRequest).where(LeaveRequest.employee_id == employee_id,
                                   LeaveRequest.state.in_(("submitted", "approved")),
                                   LeaveRequest.end_date >= since)
        .order_by(LeaveRequest.start_date, LeaveRequest.id)))


def pending_of_record(approver_id: int) -> list[LeaveRequest]:
    return list(db.session.scalars(
        select(LeaveRequest).options(*_WITH_PEOPLE)
        .where(LeaveRequest.state == "submitted", LeaveRequest.approver_id == approver_id)))


def not_reported_back(before: date, approver_id: int | None) -> list[LeaveRequest]:
    """Approved leave ended before `before` and not reported back: all of them, or those
    whose approver (of record, or who decided) is `approver_id`."""
    return list(db.session.scalars(_not_reported_back_leave(of_an_approver=approver_id is not None),
                                   {"unreported_before": before, "unreported_approver": approver_id}))


@prepared
def _not_reported_back_leave(of_an_approver: bool) -> Select:
    approver = bindparam("unreported_approver") if of_an_approver else None
    return (select(LeaveRequest).options(*_WITH_PEOPLE).where(_not_reported_back(bindparam("unreported_before"), approver))
            .order_by(LeaveRequest.end_date, LeaveRequest.id))


def not_reported_back_ends(before: date, approver_id: int | None) -> list[tuple[date, str]]:
    """(end_date, end_part) of each leave `not_reported_back` lists."""
    return [tuple(r) for r in db.session.connection().execute(
        _not_reported_back_ends(of_an_approver=approver_id is not None),
        {"unreported_before": before, "unreported_approver": approver_id})]


@prepared
def _not_reported_back_ends(of_an_approver: bool) -> Select:
    approver = bindparam("unreported_approver") if of_an_approver else None
    return select(LeaveRequest.end_date, LeaveRequest.end_part).where(
        _not_reported_back(bindparam("unreported_before"), approver))


def _not_reported_back(before: date, approver_id: int | None):
    condition = and_(LeaveRequest.state == "approved", LeaveRequest.reported_back_at.is_(None),
                     LeaveRequest.end_date < before)
    if approver_id is None:
        return condition
    return and_(condition, or_(LeaveRequest.approver_id == approver_id, LeaveRequest.decided_by_id == approver_id))


def approved_in(department_id: int, first: date, last: date) -> list[LeaveRequest]:
    """Approved leave of a department's people overlapping [first, last]."""
    return list(db.session.scalars(
        select(LeaveRequest).join(LeaveRequest.employee).options(joinedload(LeaveRequest.employee))
        .where(Employee.department_id == department_id, LeaveRequest.state == "approved",
               LeaveRequest.start_date <= last, LeaveRequest.end_date >= first)
        .order_by(Employee.name_pinyin, LeaveRequest.start_date)))


def excuse(excuse_id: int) -> OrganiserExcuse | None:
    return db.session.get(OrganiserExcuse, excuse_id)


def excuses_of(employee_id: int) -> list[OrganiserExcuse]:
    return list(db.session.scalars(
        select(OrganiserExcuse).options(joinedload(OrganiserExcuse.organiser))
        .where(OrganiserExcuse.employee_id == employee_id)
        .order_by(OrganiserExcuse.activity_date.desc(), OrganiserExcuse.id.desc()).limit(100)))


def excuses_asked_of(organiser_id: int) -> list[OrganiserExcuse]:
    return list(db.session.scalars(
        select(OrganiserExcuse).options(joinedload(OrganiserExcuse.employee).joinedload(Employee.department))
        .where(OrganiserExcuse.organiser_id == organiser_id)
        .order_by(OrganiserExcuse.excused.is_not(None), OrganiserExcuse.activity_date.desc(),
                  OrganiserExcuse.id.desc()).limit(100)))


def count_of(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

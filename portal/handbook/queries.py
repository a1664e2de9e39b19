"""Loading regulations for pages: each function is one SQL statement."""

from datetime import date

from sqlalchemy import Select, and_, bindparam, exists, func, select, true
from sqlalchemy.orm import contains_eager

from .. import derived_cache
from ..extensions import db
from ..prepared import Asked, prepared
from ..settings import HOLIDAY_ALLOWANCE, get_setting
from ..staff.models import Department, Employee
from .models import Acknowledgement, Regulation, RegulationRevision


def _in_force(today: date):
    """(regulation_id, revision_no) of the revision in force on `today` for each regulation."""
    return (select(RegulationRevision.regulation_id, func.max(RegulationRevision.revision_no).label("no"))
            .where(RegulationRevision.effective_date <= today)
            .group_by(RegulationRevision.regulation_id).subquery())


def current_revisions(today: date, audience: str | None = None) -> list[RegulationRevision]:
    """The revision in force of every regulation, in the compilation's order."""
    in_force = _in_force(today)
    stmt = (select(RegulationRevision)
            .join(in_force, and_(in_force.c.regulation_id == RegulationRevision.regulation_id,
                                 in_force.c.no == RegulationRevision.revision_no))
            .join(RegulationRevision.regulation)
            .options(contains_eager(RegulationRevision.regulation))
            .order_by(Regulation.number))
    if audience:
        stmt = stmt.where(Regulation.audience == audience)
    return list(db.session.scalars(stmt))


def current_revision(slug: str, today: date) -> RegulationRevision | None:
    in_force = _in_force(today)
    return db.session.scalar(
        select(RegulationRevision)
        .join(in_force, and_(in_force.c.regulation_id == RegulationRevision.regulation_id,
                             in_force.c.no == RegulationRevision.revision_no))
        .join(RegulationRevision.regulation)
        .options(contains_eager(RegulationRevision.regulation))
        .where(Regulation.slug == slug))


def revisions_of(slug: str) -> list[RegulationRevision]:
    return list(db.session.scalars(
        select(RegulationRevision).join(RegulationRevision.regulation)
        .options(contains_eager(RegulationRevision.regulation))
        .where(Regulation.slug == slug).order_by(RegulationRevision.revision_no)))


def acknowledged(employee_id: int, revision_ids: list[int]) -> set[int]:
    return set(db.session.scalars(select(Acknowledgement.revision_id).where(
        Acknowledgement.employee_id == employee_id, Acknowledgement.revision_id.in_(revision_ids))))


def _unread(revision_ids: list[int]):
    """(employee, revision) pairs not yet acknowledged, as an anti-join: only what is missing."""
    revision = select(RegulationRevision.id).where(RegulationRevision.id.in_(revision_ids)).subquery()
    read = exists().where(Acknowledgement.employee_id == Employee.id,
                          Acknowledgement.revision_id == revision.c.id)
    return revision, (select().select_from(Employee).join(Employee.department)
                      .join(revision, true()).where(Employee.active, ~read))


def unread_counts(revision_ids: list[int]) -> tuple[dict[int, int], list[tuple[int, str, int]]]:
    """People who have not read each revision, and per department (id, name, people with
    anything unread). Counted over the whole company once per worker while nobody reads,
    no revision comes and nobody joins or leaves (derived_cache); the names asked each time."""
    def count() -> tuple[dict[int, int], dict[int, int]]:
        revision, unread = _unread(revision_ids)
        per_revision = dict(db.session.execute(
            unread.add_columns(revision.c.id, func.count()).group_by(revision.c.id)).tuples().all())
        per_department = dict(db.session.execute(
            unread.add_columns(Employee.department_id, func.count(func.distinct(Employee.id)))
            .group_by(Employee.department_id)).tuples().all())
        return per_revision, per_department
    per_revision, counts = derived_cache.remembered("unread_counts", tuple(revision_ids), count)
    names = db.session.execute(select(Department.id, Department.name).where(Department.id.in_(counts))
                               .order_by(Department.sort_order, Department.id)).tuples().all() if counts else []
    return per_revision, [(dept, name, counts[dept]) for dept, name in names]


# What the counts are derived from besides the staff (followed there).
derived_cache.follow(Acknowledgement, RegulationRevision)


def unread_in_department(revision_ids: list[int], department_id: int) -> list[tuple[int, str, int]]:
    """(employee id, name, revision id) of what a department's people have not read."""
    revision, unread = _unread(revision_ids)
    return db.session.execute(
        unread.add_columns(Employee.id, Employee.name, revision.c.id)
        .where(Employee.department_id == department_id)
        .order_by(Employee.name_pinyin, Employee.id, revision.c.id)).tuples().all()


def unread_count_query(employee_id: int, today: date) -> Asked:
    """How many regulations in force this employee has not acknowledged (a query of one number)."""
    return Asked(_unread_count(), {"unread_employee": employee_id, "unread_today": today})


@prepared
def _unread_count() -> Select:
    in_force = _in_force(bindparam("unread_today"))
    current = (select(RegulationRevision.id)
               .join(in_force, and_(in_force.c.regulation_id == RegulationRevision.regulation_id,
                                    in_force.c.no == RegulationRevision.revision_no)))
    read = select(Acknowledgement.revision_id).where(Acknowledgement.employee_id == bindparam("unread_employee"))
    return select(func.count()).select_from(current.where(RegulationRevision.id.not_in(read)).subquery())


def placeholder_values() -> dict:
    """Values the regulations' texts quote from the portal's settings (the duty allowance)."""
    return {HOLIDAY_ALLOWANCE: get_setting(HOLIDAY_ALLOWANCE)}

"""Loading regulations for pages: each function is one SQL statement."""

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
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


def acknowledgements_of(revision_ids: list[int]) -> set[tuple[int, int]]:
    """(employee_id, revision_id) pairs for the given revisions."""
    return set(db.session.execute(select(Acknowledgement.employee_id, Acknowledgement.revision_id)
                                  .where(Acknowledgement.revision_id.in_(revision_ids))).tuples())


def active_staff() -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).join(Employee.department).options(contains_eager(Employee.department))
        .where(Employee.active).order_by(Department.sort_order, Department.id, Employee.name_pinyin)))


def unread_count(employee_id: int, today: date) -> int:
    """How many regulations in force this employee has not acknowledged (one statement)."""
    in_force = _in_force(today)
    current = (select(RegulationRevision.id)
               .join(in_force, and_(in_force.c.regulation_id == RegulationRevision.regulation_id,
                                    in_force.c.no == RegulationRevision.revision_no)))
    read = select(Acknowledgement.revision_id).where(Acknowledgement.employee_id == employee_id)
    return db.session.scalar(select(func.count()).select_from(
        current.where(RegulationRevision.id.not_in(read)).subquery())) or 0

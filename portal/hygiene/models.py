"""Regulation 2 (卫生管理制度): the places, the office's inspections item by item (never changed
afterwards: database triggers, migration f3b8d1a6c092), the fixes a failure asks for, the weekly
collective clean of the shared places and the GM's office cleaned before work."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Department, Employee

FIX_STATES = ("open", "fixed", "closed")


class HygieneZone(db.Model):
    """A place the office inspects, of a kind (rules.ZONE_KINDS), with the department that answers
    for it (a department's offices; the guards' for washrooms, the guard room, the yard toilets)
    or, for the GM's office, the person the office appointed."""

    __tablename__ = "hygiene_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    appointed_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    appointed: Mapped[Employee | None] = relationship(foreign_keys=[appointed_id])


class HygieneInspection(db.Model):
    """The office's inspection of one place: each item of the standard passed, failed or not
    applicable, the score, and a note. Never changed or deleted."""

    __tablename__ = "hygiene_inspections"
    __table_args__ = (Index("ix_hygiene_inspections_at", "inspected_at"),
                      Index("ix_hygiene_inspections_zone_at", "zone_id", "inspected_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("hygiene_zones.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))   # answering then
    inspected_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    inspected_at: Mapped[datetime] = mapped_column(default=utcnow)
    score: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(300), default="")

    zone: Mapped[HygieneZone] = relationship()
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    inspected_by: Mapped[Employee] = relationship(foreign_keys=[inspected_by_id])
    results: Mapped[list["InspectionResult"]] = relationship(order_by="InspectionResult.id")


class InspectionResult(db.Model):
    """One item of an inspection, with the photo of a failure. Never changed or deleted."""

    __tablename__ = "hygiene_results"
    __table_args__ = (UniqueConstraint("inspection_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("hygiene_inspections.id"))
    item: Mapped[str] = mapped_column(String(20))                  # rules.ITEMS
    result: Mapped[str] = mapped_column(String(4))                 # rules.RESULTS
    photo_file: Mapped[str | None] = mapped_column(String(80))     # in the upload folder


class HygieneFix(db.Model):
    """A failed item to put right by a day: the answering department (or the appointed person)
    marks it fixed, the office looks again and closes it."""

    __tablename__ = "hygiene_fixes"
    __table_args__ = (Index("ix_hygiene_fixes_state_department", "state", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("hygiene_results.id"), unique=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("hygiene_zones.id"))
    item: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))      # the GM's office
    due: Mapped[date]
    state: Mapped[str] = mapped_column(String(8), default="open")
    fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    fixed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    closed_at: Mapped[datetime | None]

    zone: Mapped[HygieneZone] = relationship()
    result: Mapped[InspectionResult] = relationship()
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    fixed_by: Mapped[Employee | None] = relationship(foreign_keys=[fixed_by_id])


class WeeklyClean(db.Model):
    """A department marks its turn at a shared place's weekly collective clean done."""

    __tablename__ = "hygiene_weekly_cleans"
    __table_args__ = (UniqueConstraint("zone_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("hygiene_zones.id"))
    week: Mapped[date]                                               # its Monday
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    done_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    done_at: Mapped[datetime] = mapped_column(default=utcnow)

    done_by: Mapped[Employee] = relationship(foreign_keys=[done_by_id])


class GmOfficeClean(db.Model):
    """The appointed person (or their stand-in) cleaned the GM's office that day."""

    __tablename__ = "hygiene_gm_office_cleans"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    done_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    done_at: Mapped[datetime] = mapped_column(default=utcnow)

    done_by: Mapped[Employee] = relationship(foreign_keys=[done_by_id])

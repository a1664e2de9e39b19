"""Reads of the vehicles area."""

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..staff.models import Employee
from .models import Car, GateEntry, Trip


def last_gate_entry(car_id: int) -> GateEntry | None:
    """The car's latest entry in the gate log (corrections included: the latest word stands)."""
    return db.session.scalar(select(GateEntry).where(GateEntry.car_id == car_id)
                             .order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(1))


def _overlapping(column, starts_at: datetime, ends_at: datetime):
    return select(column).where(~Trip.cancelled, Trip.starts_at < ends_at, starts_at < Trip.ends_at)


def free_cars(starts_at: datetime, ends_at: datetime) -> list[Car]:
    """Cars in service with no trip overlapping [starts_at, ends_at) (one statement)."""
    return list(db.session.scalars(
        select(Car).where(Car.state == "in_service", Car.id.not_in(_overlapping(Trip.car_id, starts_at, ends_at)))
        .order_by(Car.plate)))


def drivers_on_trips(starts_at: datetime, ends_at: datetime) -> set[int]:
    return set(db.session.scalars(_overlapping(Trip.driver_id, starts_at, ends_at)))


def dedicated_drivers() -> list[Employee]:
    """The drivers of the cars (专人专车), for a choice."""
    return list(db.session.scalars(
        select(Employee).where(Employee.active, Employee.id.in_(select(Car.driver_id).where(Car.driver_id.is_not(None))))
        .order_by(Employee.name_pinyin)))

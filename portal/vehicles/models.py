"""Regulation 3 (车辆管理制度): the fleet, requests for a car, the trips the office dispatches
and the guard's gate log. No car and no driver is ever on two overlapping trips, and a gate
entry is never changed — the database itself refuses both (migration c41e7a2b9d50)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Department, Employee

CAR_STATES = ("in_service", "in_repair", "retired")
REQUEST_STATES = ("awaiting", "approved", "waiting", "dispatched", "refused", "cancelled")
# awaiting: the GM (a loan to another organisation) or the owning head (their van) must agree
# first; approved: they did, and the office serves it like a waiting request.
QUEUED_STATES = ("waiting", "approved")
GATE_DIRECTIONS = ("out", "in")


class Car(db.Model):
    """A car of the company: its dedicated driver (专人专车) and the department that fuels,
    repairs and answers for it (none: the office's pool)."""

    __tablename__ = "cars"

    id: Mapped[int] = mapped_column(primary_key=True)
    plate: Mapped[str] = mapped_column(String(12), unique=True)
    model: Mapped[str] = mapped_column(String(40), default="")
    seats: Mapped[int] = mapped_column(default=5)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    fuel_norm: Mapped[Decimal] = mapped_column(Numeric(5, 2))            # litres per 100 km
    odometer_km: Mapped[int] = mapped_column(default=0)
    insurance_due: Mapped[date | None]
    road_fee_due: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(12), default="in_service")

    driver: Mapped[Employee | None] = relationship(foreign_keys=[driver_id])
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])


class CarRequest(db.Model):
    """A department head (or anyone above) asks the office for a car."""

    __tablename__ = "car_requests"
    __table_args__ = (Index("ix_car_requests_state_starts", "state", "starts_at"),
                      CheckConstraint("ends_at > starts_at", name="ends_after_start"))

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))    # answers for the car meanwhile
    reason: Mapped[str] = mapped_column(Text)
    destination: Mapped[str] = mapped_column(String(80))
    destination_kind: Mapped[str] = mapped_column(String(12))                  # rules.DESTINATIONS
    within_town: Mapped[bool]
    passengers: Mapped[int]
    starts_at: Mapped[datetime]                                                # UTC
    ends_at: Mapped[datetime]                                                  # UTC
    urgency: Mapped[str] = mapped_column(String(12))                           # rules.URGENCIES
    purpose: Mapped[str] = mapped_column(String(12))                           # rules.PURPOSES
    outside_org: Mapped[str] = mapped_column(String(80), default="")           # 外单位借车: who borrows
    wants_car_id: Mapped[int | None] = mapped_column(ForeignKey("cars.id"))    # the van, say
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    requester: Mapped[Employee] = relationship(foreign_keys=[requester_id])
    department: Mapped[Department] = relationship(foreign_keys=[department_id])
    wants_car: Mapped["Car | None"] = relationship(foreign_keys=[wants_car_id])


class Trip(db.Model):
    """A car and a driver the office assigned to a request, for its time. Overlapping trips of
    one car or one driver are refused by the database (an exclusion constraint on PostgreSQL,
    triggers on SQLite), so two dispatchers at the same moment cannot double-book."""

    __tablename__ = "trips"
    __table_args__ = (Index("ix_trips_car_time", "car_id", "starts_at", "ends_at"),
                      Index("ix_trips_car_ends", "car_id", "ends_at"),
                      Index("ix_trips_driver_time", "driver_id", "starts_at", "ends_at"),
                      Index("ix_trips_ends", "ends_at"),          # the trips not over by a moment
                      CheckConstraint("ends_at > starts_at", name="ends_after_start"))

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("car_requests.id"), unique=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"))
    driver_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    starts_at: Mapped[datetime]                                                # UTC
    ends_at: Mapped[datetime]                                                  # UTC
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled: Mapped[bool] = mapped_column(default=False)
    not_needed_reason: Mapped[str] = mapped_column(Text, default="")           # given though 原则上 not

    request: Mapped[CarRequest | None] = relationship()
    car: Mapped[Car] = relationship()
    driver: Mapped[Employee] = relationship(foreign_keys=[driver_id])
    assigned_by: Mapped[Employee] = relationship(foreign_keys=[assigned_by_id])


class GateEntry(db.Model):
    """The guard logs a car out of or back into the compound, with the odometer. Never changed
    or deleted (database triggers): a mistake is corrected by a new entry naming the one it
    corrects and why."""

    __tablename__ = "gate_entries"
    __table_args__ = (Index("ix_gate_entries_car_at", "car_id", "at"), Index("ix_gate_entries_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"))
    direction: Mapped[str] = mapped_column(String(4))                         # "out" / "in"
    at: Mapped[datetime] = mapped_column(default=utcnow)                       # UTC
    odometer_km: Mapped[int]
    trip_id: Mapped[int | None] = mapped_column(ForeignKey("trips.id"))        # none: left without a trip
    guard_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("gate_entries.id"))

    car: Mapped[Car] = relationship()
    guard: Mapped[Employee] = relationship(foreign_keys=[guard_id])


class FuelEntry(db.Model):
    """A fuelling in the office's fuel ledger (用油台帐). Fuelling away from the designated station
    needs a leader's approval beforehand; without it the fuel is not reimbursed."""

    __tablename__ = "fuel_entries"
    __table_args__ = (Index("ix_fuel_entries_car_day", "car_id", "day"),
                      CheckConstraint("litres > 0", name="litres_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"))
    day: Mapped[date]
    litres: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(9, 2))
    station: Mapped[str] = mapped_column(String(60), default="")
    designated: Mapped[bool] = mapped_column(default=True)          # at the designated station
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))   # elsewhere: who allowed it
    reimbursable: Mapped[bool] = mapped_column(default=True)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    car: Mapped[Car] = relationship()
    approved_by: Mapped[Employee | None] = relationship(foreign_keys=[approved_by_id])


class FuelMonthClose(db.Model):
    """The office closed a month of the fuel ledger: its figures stand, no fuelling is added to it."""

    __tablename__ = "fuel_month_closes"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(unique=True)                 # its first day
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CarRepair(db.Model):
    """A repair at the designated garage (定点维修): the driver lists the items, the office
    forwards them to the general manager, who approves or refuses; the office records the cost
    and the day it was done."""

    __tablename__ = "car_repairs"
    __table_args__ = (Index("ix_car_repairs_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"), index=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    items: Mapped[str] = mapped_column(Text)                          # one a line
    estimate_yuan: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    state: Mapped[str] = mapped_column(String(12), default="listed")   # rules.REPAIR_STATES
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    forwarded_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    garage: Mapped[str] = mapped_column(String(60), default="")
    cost_yuan: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    done_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))

    car: Mapped[Car] = relationship()
    asked_by: Mapped[Employee] = relationship(foreign_keys=[asked_by_id])
    forwarded_by: Mapped[Employee | None] = relationship(foreign_keys=[forwarded_by_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])


class CarIncident(db.Model):
    """A traffic fine or an accident (违章、事故): who drove, why, what it cost; the cause decides
    who bears it (rules.driver_liable)."""

    __tablename__ = "car_incidents"
    __table_args__ = (Index("ix_car_incidents_day", "day"),
                      CheckConstraint("cost_yuan >= 0", name="cost_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"))
    driver_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    day: Mapped[date]
    cause: Mapped[str] = mapped_column(String(24))                      # rules.CAUSES
    cost_yuan: Mapped[Decimal] = mapped_column(Numeric(9, 2))
    description: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    car: Mapped[Car] = relationship()
    driver: Mapped[Employee] = relationship(foreign_keys=[driver_id])

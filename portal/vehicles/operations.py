"""Every change in the vehicles area; the only code here that commits."""

from datetime import datetime

from sqlalchemy import select, update

from ..approvals import operations as approvals
from ..extensions import commit_unless_taken, db
from . import rules
from .models import Car, CarRequest, FuelEntry, FuelMonthClose, GateEntry, Trip

BUSY, TAKEN = "busy", "taken"
SUBJECT = "car_request"          # in the decisions ledger


def assign(request_id: int, car_id: int, driver_id: int, by_id: int, now: datetime,
           not_needed_reason: str = "") -> Trip | str:
    """The office gives a waiting request a car and a driver for its time. Returns the trip, or
    TAKEN (someone dispatched or refused it meanwhile) or BUSY (the car or the driver is on an
    overlapping trip: the database refuses it, whoever assigned first)."""
    request = db.session.get(CarRequest, request_id)
    moved = db.session.execute(
        update(CarRequest).where(CarRequest.id == request_id, CarRequest.state == "waiting")
        .values(state="dispatched", decided_by_id=by_id, decided_at=now)
        .execution_options(synchronize_session="evaluate")).rowcount
    if moved != 1:
        db.session.rollback()
        return TAKEN
    trip = Trip(request_id=request_id, car_id=car_id, driver_id=driver_id, starts_at=request.starts_at,
                ends_at=request.ends_at, assigned_by_id=by_id, assigned_at=now,
                not_needed_reason=not_needed_reason.strip())
    db.session.add(trip)
    return trip if commit_unless_taken() else BUSY


def log_gate(car_id: int, direction: str, odometer_km: int, guard_id: int, now: datetime,
             trip_id: int | None = None, note: str = "", corrects_id: int | None = None) -> GateEntry:
    """The guard logs a car out or in. The caller has checked the reading (rules.odometer_problem)
    against the last one; the car's odometer follows the log (a correction may lower it)."""
    entry = GateEntry(car_id=car_id, direction=direction, at=now, odometer_km=odometer_km, trip_id=trip_id,
                      guard_id=guard_id, note=note.strip(), corrects_id=corrects_id)
    db.session.add(entry)
    db.session.execute(update(Car).where(Car.id == car_id).values(odometer_km=odometer_km))
    db.session.commit()
    return entry



def file_request(requester_id: int, department_id: int, now: datetime, **fields) -> CarRequest:
    request = CarRequest(requester_id=requester_id, department_id=department_id, created_at=now, **fields)
    db.session.add(request)
    db.session.commit()
    return request


def refuse(request_id: int, by_id: int, note: str) -> bool:
    """The office refuses a waiting request, saying why (in the decisions ledger); False when
    it was served or refused meanwhile."""
    return approvals.decide(CarRequest, request_id, subject=SUBJECT, open_state="waiting", outcome="refuse",
                            decider_id=by_id, approver_of_record_id=None, note=note)


def add_fuel(car_id: int, day, litres, amount_yuan, station: str, designated: bool, approved_by_id: int | None,
             by_id: int, now: datetime) -> FuelEntry | None:
    """A fuelling into the ledger; None when its month is closed already."""
    first = day.replace(day=1)
    if db.session.scalar(select(FuelMonthClose.id).where(FuelMonthClose.month == first)) is not None:
        return None
    entry = FuelEntry(car_id=car_id, day=day, litres=litres, amount_yuan=amount_yuan, station=station.strip(),
                      designated=designated, approved_by_id=None if designated else approved_by_id,
                      reimbursable=rules.reimbursable(designated, approved_by_id is not None),
                      entered_by_id=by_id, entered_at=now)
    db.session.add(entry)
    db.session.commit()
    return entry


def close_fuel_month(first, by_id: int, now: datetime) -> bool:
    """The office closes a month; False when someone closed it already (the month is unique)."""
    db.session.add(FuelMonthClose(month=first, closed_by_id=by_id, closed_at=now))
    return commit_unless_taken()

"""Every change in the vehicles area; the only code here that commits."""

from datetime import datetime

from sqlalchemy import select, update

from ..approvals import operations as approvals
from ..extensions import commit_unless_taken, db
from . import rules
from .models import QUEUED_STATES, Car, CarIncident, CarRepair, CarRequest, FuelEntry, FuelMonthClose, GateEntry, Trip

BUSY, TAKEN = "busy", "taken"
SUBJECT = "car_request"          # in the decisions ledger: the office's refusal
APPROVAL_SUBJECT = "car_request_approval"     # the GM's (a loan) or the owning head's (their van)
REPAIR_SUBJECT = "car_repair"                 # the GM's


def assign(request_id: int, car_id: int, driver_id: int, by_id: int, now: datetime,
           not_needed_reason: str = "") -> Trip | str:
    """The office gives a waiting request a car and a driver for its time. Returns the trip, or
    TAKEN (someone dispatched or refused it meanwhile) or BUSY (the car or the driver is on an
    overlapping trip: the database refuses it, whoever assigned first)."""
    request = db.session.get(CarRequest, request_id)
    moved = db.session.execute(
        update(CarRequest).where(CarRequest.id == request_id, CarRequest.state.in_(QUEUED_STATES))
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
             *, seen_last_id: int | None, trip_id: int | None = None, note: str = "",
             corrects_id: int | None = None) -> GateEntry | None:
    """The guard logs a car out or in. The caller has checked the reading (rules.odometer_problem)
    against the last one; the car's odometer follows the log (a correction may lower it).

    The entry is written only if the car's latest entry is still the one the
    guard saw (`seen_last_id`, None for a car new to the log): a double tap, or two guards at the
    same moment, must not log the car out and straight back in. The car's row is locked first
    (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so the second of two
    simultaneous taps reads the first one's entry and gets None."""
    db.session.execute(update(Car).where(Car.id == car_id).values(odometer_km=Car.odometer_km))
    latest = db.session.scalar(select(GateEntry.id).where(GateEntry.car_id == car_id)
                               .order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(1))
    if latest != seen_last_id:
        db.session.rollback()
        return None
    entry = GateEntry(car_id=car_id, direction=direction, at=now, odometer_km=odometer_km, trip_id=trip_id,
                      guard_id=guard_id, note=note.strip(), corrects_id=corrects_id)
    db.session.add(entry)
    db.session.execute(update(Car).where(Car.id == car_id).values(odometer_km=odometer_km))
    db.session.commit()
    return entry



def file_request(requester_id: int, department_id: int, now: datetime, approver_id: int | None = None,
                 **fields) -> CarRequest:
    """A request for a car; it waits for `approver_id` first (the GM for a loan, the owning head
    for their van: rules.pre_approval) unless that is the requester."""
    awaiting = approver_id is not None and approver_id != requester_id
    request = CarRequest(requester_id=requester_id, department_id=department_id, created_at=now,
                         state="awaiting" if awaiting else "waiting", **fields)
    db.session.add(request)
    db.session.commit()
    return request


def refuse(request_id: int, state: str, by_id: int, note: str) -> bool:
    """The office refuses a request in its queue (`state`: as the office saw it), saying why (in
    the decisions ledger); False when it was served or refused meanwhile."""
    return approvals.decide(CarRequest, request_id, subject=SUBJECT, open_state=state, outcome="refuse",
                            decider_id=by_id, approver_of_record_id=None, note=note)


def decide_request(request_id: int, outcome: str, by_id: int, approver_id: int, note: str) -> bool:
    """The GM (a loan to another organisation) or the owning head (their van), or their
    substitute, lets a request through to the office or refuses it; False when decided meanwhile."""
    return approvals.decide(CarRequest, request_id, subject=APPROVAL_SUBJECT, open_state="awaiting",
                            outcome=outcome, decider_id=by_id, approver_of_record_id=approver_id, note=note)


def ask_repair(car_id: int, by_id: int, items: str, estimate_yuan, now: datetime) -> CarRepair:
    repair = CarRepair(car_id=car_id, asked_by_id=by_id, asked_at=now, items=items.strip(),
                       estimate_yuan=estimate_yuan, state=rules.LISTED)
    db.session.add(repair)
    db.session.commit()
    return repair


def forward_repair(repair_id: int, by_id: int, now: datetime) -> bool:
    """The office passes the driver's list to the GM; False when it moved meanwhile."""
    return approvals.change_state(CarRepair, repair_id, from_states=(rules.LISTED,), to_state=rules.FORWARDED,
                                  values={"forwarded_by_id": by_id, "forwarded_at": now})


def decide_repair(repair_id: int, outcome: str, by_id: int, gm_id: int | None, note: str) -> bool:
    return approvals.decide(CarRepair, repair_id, subject=REPAIR_SUBJECT, open_state=rules.FORWARDED,
                            outcome=outcome, decider_id=by_id, approver_of_record_id=gm_id, note=note)


def record_repair(repair_id: int, garage: str, cost_yuan, done_on, by_id: int) -> bool:
    """The office records an approved repair done at the garage; False when recorded meanwhile."""
    return approvals.change_state(CarRepair, repair_id, from_states=(rules.APPROVED,), to_state=rules.DONE,
                                  values={"garage": garage.strip(), "cost_yuan": cost_yuan, "done_on": done_on,
                                          "recorded_by_id": by_id})


def add_incident(car_id: int, driver_id: int, day, cause: str, cost_yuan, description: str, by_id: int,
                 now: datetime) -> CarIncident:
    incident = CarIncident(car_id=car_id, driver_id=driver_id, day=day, cause=cause, cost_yuan=cost_yuan,
                           description=description.strip(), entered_by_id=by_id, entered_at=now)
    db.session.add(incident)
    db.session.commit()
    return incident


def save_car(car: Car | None, **fields) -> Car | None:
    """A new car or changes to one; None when another car has that plate."""
    car = car or Car()
    for name, value in fields.items():
        setattr(car, name, value)
    db.session.add(car)
    return car if commit_unless_taken() else None


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

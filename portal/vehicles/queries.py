"""Reads of the vehicles area."""

from datetime import date, datetime, timedelta

from sqlalchemy import BindParameter, DateTime, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from .. import request_cache
from ..extensions import db
from ..prepared import Asked, first_and_total, prepared
from ..presence import queries as presence_queries
from ..staff.models import Employee
from . import rules
from ..staff.models import Department
from .models import QUEUED_STATES, Car, CarIncident, CarRepair, CarRequest, FuelEntry, FuelMonthClose, GateEntry, Trip


def last_gate_entry(car_id: int) -> GateEntry | None:
    """The car's latest entry in the gate log (corrections included: the latest word stands)."""
    return db.session.scalar(select(GateEntry).where(GateEntry.car_id == car_id)
                             .order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(1))


def dedicated_drivers() -> list[Employee]:
    """The drivers of the cars (专人专车), for a choice."""
    return list(db.session.scalars(_dedicated_drivers()))


@prepared
def _dedicated_drivers() -> Select:
    return (select(Employee).where(Employee.active, Employee.id.in_(select(Car.driver_id).where(Car.driver_id.is_not(None))))
            .order_by(Employee.name_pinyin))


def waiting_requests() -> list[CarRequest]:
    """Requests the office has to serve (waiting, or approved beforehand), with who asked (rank
    decides the order)."""
    return list(db.session.scalars(_waiting_requests()))


@prepared
def _waiting_requests() -> Select:
    return (select(CarRequest).options(joinedload(CarRequest.requester), joinedload(CarRequest.department))
            .where(CarRequest.state.in_(QUEUED_STATES)))


def queue_facts(requests: list[CarRequest]) -> list[dict]:
    """What the order of the queue is decided on (rules.dispatch_order), per request."""
    return [{"id": r.id, "rank": r.requester.rank, "urgency": r.urgency, "purpose": r.purpose,
             "requested_at": r.created_at} for r in requests]


def queue(requests: list[CarRequest]) -> list[tuple[CarRequest, str | None]]:
    """`requests` in the order the office serves them, each with why it goes before the next."""
    facts = queue_facts(requests)
    reasons = rules.queue_reasons(facts)
    by_id = {r.id: r for r in requests}
    return [(by_id[rid], reasons[rid]) for rid in rules.dispatch_order(facts)]


def my_requests(employee_id: int, limit: int = 20) -> list[tuple[CarRequest, Trip | None]]:
    """The latest requests someone filed, with the trip the office assigned (if any)."""
    return [tuple(row) for row in db.session.execute(
        select(CarRequest, Trip).outerjoin(Trip, and_(Trip.request_id == CarRequest.id, ~Trip.cancelled))
        .options(joinedload(Trip.car), joinedload(Trip.driver))
        .where(CarRequest.requester_id == employee_id)
        .order_by(CarRequest.starts_at.desc(), CarRequest.id.desc()).limit(limit)).all()]


def car_request(request_id: int) -> CarRequest | None:
    return db.session.get(CarRequest, request_id)


def cars() -> list[Car]:
    """Every car with its driver and department (once per request: the fuel page asks twice)."""
    return request_cache.once("vehicles_cars", None, lambda: list(db.session.scalars(_cars())))


@prepared
def _cars() -> Select:
    return select(Car).options(joinedload(Car.driver), joinedload(Car.department)).order_by(Car.plate)


def dispatch_facts(requests: list[CarRequest]) -> tuple[list[Car], list[Employee], list[Trip]]:
    """For the office's queue, three statements however long it is: the cars in service, the
    dedicated drivers, and the trips overlapping the time the requests span."""
    if not requests:
        return [], [], []
    starts, ends = min(r.starts_at for r in requests), max(r.ends_at for r in requests)
    cars = list(db.session.scalars(_cars_in_service()))
    trips = list(db.session.scalars(_trips_overlapping(), {"overlap_starts": starts, "overlap_ends": ends}))
    return cars, dedicated_drivers(), trips


@prepared
def _cars_in_service() -> Select:
    return select(Car).where(Car.state == "in_service").order_by(Car.plate)


@prepared
def _trips_overlapping() -> Select:
    return select(Trip).where(~Trip.cancelled, Trip.starts_at < bindparam("overlap_ends"),
                              bindparam("overlap_starts") < Trip.ends_at)


def gate_rows(day_starts: datetime, day_ends: datetime, q: str = "") -> list[tuple[Car, GateEntry | None, Trip | None]]:
    """Every car in service with its latest gate entry and its first trip of the day that has not
    ended yet, for the guard (three statements)."""
    stmt = select(Car).options(joinedload(Car.driver)).where(Car.state == "in_service").order_by(Car.plate)
    if q:
        stmt = stmt.where(Car.plate.contains(q.upper()))
    cars = list(db.session.scalars(stmt))
    ids = [c.id for c in cars]
    entries = {e.car_id: e for e in db.session.scalars(select(GateEntry).where(GateEntry.id.in_(
        _latest_entry_ids(before=None).where(Car.id.in_(ids)))))} if ids else {}
    trips: dict[int, Trip] = {}
    for trip in db.session.scalars(select(Trip).options(joinedload(Trip.request), joinedload(Trip.driver))
                                   .where(Trip.car_id.in_(ids), ~Trip.cancelled, Trip.ends_at > day_starts,
                                          Trip.starts_at < day_ends).order_by(Trip.starts_at)) if ids else []:
        trips.setdefault(trip.car_id, trip)
    return [(c, entries.get(c.id), trips.get(c.id)) for c in cars]


def car(car_id: int) -> Car | None:
    return db.session.get(Car, car_id)


def trip(trip_id: int) -> Trip | None:
    return db.session.get(Trip, trip_id)


def _latest_entry_ids(before: datetime | None) -> Select:
    """Each car's latest gate entry (before a moment), found through the (car, time) index:
    a seek per car, not a pass over years of the log."""
    latest = select(GateEntry.id).where(GateEntry.car_id == Car.id)
    if before is not None:
        latest = latest.where(GateEntry.at < before)
    return select(latest.order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(1).correlate(Car)
                  .scalar_subquery()).select_from(Car)


def cars_out_query() -> Asked:
    """How many cars are outside the compound now (their latest gate entry is "out"): a query
    of one number, for the home page."""
    return Asked(_cars_out_count())


@prepared
def _cars_out_count() -> Select:
    return select(func.count()).select_from(GateEntry).where(
        GateEntry.id.in_(_latest_entry_ids(before=None)), GateEntry.direction == "out")


def trips_due_out_query(now_utc: datetime, day_ends: datetime) -> Asked:
    """How many trips are to start from now to the end of the day whose car has not gone out for
    them yet (the guard's day at the gate): a query of one number, for the home page."""
    return Asked(_trips_due_out_count(), {"due_from": now_utc, "due_until": day_ends})


@prepared
def _trips_due_out_count() -> Select:
    gone = select(GateEntry.id).where(GateEntry.trip_id == Trip.id, GateEntry.direction == "out").exists()
    return select(func.count()).select_from(Trip).where(
        ~Trip.cancelled, Trip.starts_at >= bindparam("due_from"), Trip.starts_at < bindparam("due_until"), ~gone)


def left_without_trip(since: datetime) -> list[GateEntry]:
    """Cars the guard let out without a dispatched trip since `since`, for the office."""
    return list(db.session.scalars(_left_without_trip(), {"left_since": since}))


@prepared
def _left_without_trip() -> Select:
    return (select(GateEntry).options(joinedload(GateEntry.car), joinedload(GateEntry.guard))
            .where(GateEntry.at >= bindparam("left_since"), GateEntry.direction == "out", GateEntry.trip_id.is_(None),
                   GateEntry.corrects_id.is_(None)).order_by(GateEntry.at.desc()))


def papers_due_query(today: date, driver_id: int | None = None) -> Asked:
    """How many cars (all, or the driver's) have insurance or road fees due within the notice
    period (or overdue)."""
    return Asked(_papers_due_count(driver_id is not None),
                 {"papers_notice_ends": today + timedelta(days=rules.PAPERS_NOTICE_DAYS), **_driver(driver_id)})


def papers_overdue_query(today: date, driver_id: int | None = None) -> Asked:
    return Asked(_papers_overdue_count(driver_id is not None), {"papers_today": today, **_driver(driver_id)})


def _driver(driver_id: int | None) -> dict:
    return {} if driver_id is None else {"papers_driver": driver_id}


def _of_cars(of_a_driver: bool) -> tuple:
    return (Car.state != "retired",) + ((Car.driver_id == bindparam("papers_driver"),) if of_a_driver else ())


@prepared
def _papers_due_count(of_a_driver: bool) -> Select:
    ends = bindparam("papers_notice_ends")
    return select(func.count()).select_from(Car).where(
        *_of_cars(of_a_driver), or_(Car.insurance_due <= ends, Car.road_fee_due <= ends))


@prepared
def _papers_overdue_count(of_a_driver: bool) -> Select:
    today = bindparam("papers_today")
    return select(func.count()).select_from(Car).where(
        *_of_cars(of_a_driver), or_(Car.insurance_due < today, Car.road_fee_due < today))


def trip_sheet(trip_id: int) -> tuple[Trip, list[GateEntry]] | None:
    """A trip with its request, car, driver and who assigned it, and its gate entries."""
    found = db.session.scalar(select(Trip).options(
        joinedload(Trip.request).joinedload(CarRequest.requester), joinedload(Trip.request).joinedload(CarRequest.department),
        joinedload(Trip.car), joinedload(Trip.driver), joinedload(Trip.assigned_by)).where(Trip.id == trip_id))
    if found is None:
        return None
    return found, list(db.session.scalars(select(GateEntry).where(GateEntry.trip_id == trip_id).order_by(GateEntry.at)))


# --- the fuel ledger ---------------------------------------------------------------------------------

def fuel_month(first: date, last: date, starts_at: datetime, ends_at: datetime) -> dict:
    """A month of the fuel ledger (days `first`–`last`, i.e. UTC [starts_at, ends_at)): each car
    with the gate's readings of the month and the last before it, the litres issued, the lines
    of the ledger, and whether the office closed it. Five statements whatever the fleet, built once."""
    readings: dict[int, list[int]] = {}
    values = {"fuel_starts": starts_at, "fuel_ends": ends_at, "fuel_first": first, "fuel_last": last}
    readings_, before_, lines_, closed_ = _fuel_month()
    for car_id, km in db.session.execute(readings_, values).all():
        readings.setdefault(car_id, []).append(km)
    before = dict(db.session.execute(before_, values).all())
    lines = list(db.session.scalars(lines_, values))
    closed = db.session.scalar(closed_, values)
    return {"cars": cars(), "readings": readings, "before": before, "lines": lines, "closed": closed}


@prepared
def _fuel_month() -> tuple[Select, Select, Select, Select]:
    starts, ends = bindparam("fuel_starts", type_=DateTime), bindparam("fuel_ends", type_=DateTime)
    return (select(GateEntry.car_id, GateEntry.odometer_km).where(GateEntry.at >= starts, GateEntry.at < ends)
            .order_by(GateEntry.car_id, GateEntry.at, GateEntry.id),
            select(GateEntry.car_id, GateEntry.odometer_km).where(GateEntry.id.in_(_latest_entry_ids(before=starts))),
            select(FuelEntry).options(joinedload(FuelEntry.car), joinedload(FuelEntry.approved_by))
            .where(FuelEntry.day.between(bindparam("fuel_first"), bindparam("fuel_last")))
            .order_by(FuelEntry.day, FuelEntry.id),
            select(FuelMonthClose).where(FuelMonthClose.month == bindparam("fuel_first")))


def month_closed(first: date) -> bool:
    return db.session.scalar(select(FuelMonthClose.id).where(FuelMonthClose.month == first)) is not None


def leaders() -> list[Employee]:
    """Who may allow fuelling away from the designated station: the company's leaders."""
    return list(db.session.scalars(select(Employee).where(
        Employee.active, Employee.rank.in_(("deputy_manager", "general_manager"))).order_by(Employee.name_pinyin)))


def drivers_trips(driver_id: int, since: datetime, limit: int = 30) -> list[Trip]:
    """A driver's trips from `since` on, soonest first, with what each is for."""
    return list(db.session.scalars(
        select(Trip).options(joinedload(Trip.car), joinedload(Trip.request).joinedload(CarRequest.requester))
        .where(Trip.driver_id == driver_id, ~Trip.cancelled, Trip.ends_at > since)
        .order_by(Trip.starts_at).limit(limit)))


def cars_of_driver(driver_id: int) -> list[Car]:
    return list(db.session.scalars(select(Car).where(Car.driver_id == driver_id).order_by(Car.plate)))


# --- approvals before dispatch, repairs, incidents --------------------------------------------------

def _general_manager():
    return select(Employee.id).where(Employee.active, Employee.rank == "general_manager").scalar_subquery()


def _awaiting_approver(acting_for):
    """SQL: an awaiting request whose approver (rules.pre_approval: the GM for a loan, else the
    head of the wanted car's department) is one of `acting_for`."""
    owning_head = (select(Department.head_id).join(Car, Car.department_id == Department.id)
                   .where(Car.id == CarRequest.wants_car_id).scalar_subquery())
    acting_for = acting_for if isinstance(acting_for, BindParameter) else list(acting_for)
    return and_(CarRequest.state == "awaiting",
                or_(and_(CarRequest.outside_org != "", _general_manager().in_(acting_for)),
                    and_(CarRequest.outside_org == "", func.coalesce(owning_head, _general_manager()).in_(acting_for))))


def awaiting_count_query(acting_for) -> Asked:
    """How many requests wait for the approval of one of `acting_for` (a query of one number)."""
    return Asked(_awaiting_count(), {"cars_acting": list(acting_for)})


@prepared
def _awaiting_count() -> Select:
    return select(func.count()).select_from(CarRequest).where(
        _awaiting_approver(bindparam("cars_acting", expanding=True)))


def awaiting_requests(acting_for) -> list[CarRequest]:
    return list(db.session.scalars(_awaiting_requests(), {"cars_acting": list(acting_for)}))


def first_awaiting_requests(acting_for, limit: int) -> tuple[list[CarRequest], int]:
    """The first `limit` of `awaiting_requests` (the soonest start first), and how many wait."""
    return first_and_total(_awaiting_requests(), limit, {"cars_acting": list(acting_for)})


@prepared
def _awaiting_requests() -> Select:
    return (select(CarRequest).options(joinedload(CarRequest.requester), joinedload(CarRequest.department),
                                       joinedload(CarRequest.wants_car).joinedload(Car.department))
            .where(_awaiting_approver(bindparam("cars_acting", expanding=True)))
            .order_by(CarRequest.starts_at, CarRequest.id))


def approver_of(car_request: CarRequest) -> int | None:
    """Who must agree to `car_request` before dispatch (see rules.pre_approval)."""
    wanted = car_request.wants_car
    return approver(rules.pre_approval(bool(car_request.outside_org), wanted.department_id if wanted else None,
                                       car_request.department_id), wanted)


def approver(who: str | None, wanted: Car | None) -> int | None:
    """The person `rules.pre_approval` names: the GM, or the head of the wanted car's department
    (the GM when it has none)."""
    if who == rules.BY_OWNING_HEAD and wanted.department and wanted.department.head_id:
        return wanted.department.head_id
    if who is not None:
        return db.session.scalar(select(_general_manager()))
    return None


def department_cars() -> list[Car]:
    """Cars a department owns (the van), which others ask for by name."""
    return list(db.session.scalars(select(Car).options(joinedload(Car.department))
                                   .where(Car.department_id.is_not(None), Car.state != "retired").order_by(Car.plate)))


def _repairs():
    return select(CarRepair).options(joinedload(CarRepair.car), joinedload(CarRepair.asked_by),
                                     joinedload(CarRepair.decided_by))


def repairs(open_: bool, car_ids=None, limit: int = 50) -> list[CarRepair]:
    """The latest repairs, the open ones (listed, with the GM, approved) or the closed ones (done,
    refused); of some cars."""
    values = {} if car_ids is None else {"repair_cars": list(car_ids)}
    return list(db.session.scalars(_repairs_listed(open_, car_ids is not None, limit), values))


@prepared
def _repairs_listed(open_: bool, of_some_cars: bool, limit: int) -> Select:
    in_state = CarRepair.state.in_(rules.REPAIR_OPEN)
    stmt = (_repairs().where(in_state if open_ else ~in_state)
            .order_by(CarRepair.asked_at.desc(), CarRepair.id.desc()).limit(limit))
    return stmt.where(CarRepair.car_id.in_(bindparam("repair_cars", expanding=True))) if of_some_cars else stmt


def decides_repairs(user, now_utc) -> bool:
    """The GM decides repairs; his post substitute while he is away."""
    return user.rank == "general_manager" or presence_queries.stands_in_for_gm(user.id, now_utc)


def repairs_in_state(state: str) -> list[CarRepair]:
    return list(db.session.scalars(_repairs_in_state(state)))


def first_repairs_in_state(state: str, limit: int) -> tuple[list[CarRepair], int]:
    """The first `limit` repairs in `state` (the oldest list first), and how many there are."""
    return first_and_total(_repairs_in_state(state), limit)


@prepared
def _repairs_in_state(state: str) -> Select:
    return _repairs().where(CarRepair.state == state).order_by(CarRepair.asked_at, CarRepair.id)


def repair(repair_id: int) -> CarRepair | None:
    return db.session.scalar(_repairs().where(CarRepair.id == repair_id))


def repairs_count_query(state: str) -> Asked:
    return Asked(_repairs_count(state))


@prepared
def _repairs_count(state: str) -> Select:
    return select(func.count()).select_from(CarRepair).where(CarRepair.state == state)


def incidents(limit: int = 100) -> list[CarIncident]:
    return list(db.session.scalars(
        select(CarIncident).options(joinedload(CarIncident.car), joinedload(CarIncident.driver))
        .order_by(CarIncident.day.desc(), CarIncident.id.desc()).limit(limit)))


def gate_history(car_id: int, limit: int = 5) -> list[GateEntry]:
    """A car's latest gate entries, newest first (the guard corrects one of them)."""
    return list(db.session.scalars(select(GateEntry).options(joinedload(GateEntry.guard))
                                   .where(GateEntry.car_id == car_id)
                                   .order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(limit)))

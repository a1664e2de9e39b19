"""The vehicles area in the benchmark: the office's dispatch queue, fleet and fuel month, the
guard's gate, a head asking for a car.

Two years of the fleet's work for the synthetic company: 12 cars (one per ~80 people, at least
4), each on about two dispatched trips a working day with the gate's out and in entries and
their odometer readings, fuelled every Friday, repaired every two months with a fine now and then;
today, requests waiting from every rank and a few loans and repairs waiting for the GM.
Deterministic for a seed."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..clock import local_to_utc, local_today
from ..extensions import db
from ..staff.models import Employee
from ..workdays.queries import current as working_calendar
from . import rules
from .models import Car, CarIncident, CarRepair, CarRequest, FuelEntry, GateEntry, Trip

HISTORY_DAYS = 730
TRIPS_PER_CAR_AND_DAY = 2
WAITING_NOW = 12

PAGES = [
    page("dispatch queue", "office", "/vehicles/dispatch"),
    page("gate", "guard", "/vehicles/gate"),
    page("fleet", "office", "/vehicles/cars"),
    page("fuel month", "office", "/vehicles/fuel"),
    page("ask for a car", "invest-head", "/vehicles/"),
    page("repairs", "office", "/vehicles/repairs"),
    page("car approvals", "gm", "/vehicles/approvals"),
    page("fines and accidents", "office", "/vehicles/incidents"),
]
REPAIRS_PER_CAR_AND_YEAR = 6


def build(company: Build) -> None:
    session, rng, now = db.session, company.rng, company.now
    calendar = working_calendar()
    today = local_today(now)
    people = session.execute(select(Employee.id, Employee.department_id, Employee.rank)
                             .where(Employee.active).order_by(Employee.id)).all()
    office, guard = company.accounts["office"], company.accounts["guard"]
    drivers = [p.id for p in people if p.id not in company.accounts.values()][:max(4, company.employees // 80)]
    session.execute(insert(Car), [
        {"plate": f"冀C·{n:05d}", "model": "公务车", "seats": 5 + 2 * (n % 2), "driver_id": driver,
         "department_id": None, "fuel_norm": Decimal("9.5"), "odometer_km": 0, "state": "in_service",
         "insurance_due": today + timedelta(days=20 + 30 * n), "road_fee_due": today + timedelta(days=200)}
        for n, driver in enumerate(drivers)])
    cars = session.execute(select(Car.id, Car.driver_id).order_by(Car.id)).all()
    requesters = [p for p in people if p.rank != "staff"] or people[:1]

    trips, entries, fuel, odometer = [], [], [], {car.id: 10_000 for car in cars}
    days = [today - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]
    for day in (d for d in days if calendar.is_working_day(d)):
        for car in cars:
            for k in range(TRIPS_PER_CAR_AND_DAY):
                start = local_to_utc(datetime.combine(day, time(8 + 4 * k, rng.choice((0, 30)))))
                end = start + timedelta(hours=rng.choice((1, 2, 3)))
                trips.append({"car_id": car.id, "driver_id": car.driver_id, "starts_at": start, "ends_at": end,
                              "assigned_by_id": office, "assigned_at": start - timedelta(hours=2),
                              "cancelled": False, "not_needed_reason": ""})
                out_km = odometer[car.id]
                odometer[car.id] += rng.randint(5, 60)
                entries.append({"car_id": car.id, "direction": rules.OUT, "at": start, "odometer_km": out_km,
                                "guard_id": guard, "note": "", "trip": len(trips) - 1})
                entries.append({"car_id": car.id, "direction": rules.IN, "at": end, "odometer_km": odometer[car.id],
                                "guard_id": guard, "note": "", "trip": len(trips) - 1})
            if day.weekday() == 4:                  # fuelled on Fridays
                fuel.append({"car_id": car.id, "day": day, "litres": Decimal(rng.randint(2500, 4500)) / 100,
                             "amount_yuan": Decimal(rng.randint(18000, 33000)) / 100, "station": "中石化昌黎城关站",
                             "designated": True, "approved_by_id": None, "reimbursable": True,
                             "entered_by_id": office, "entered_at": now})
    trip_ids = session.scalars(insert(Trip).returning(Trip.id, sort_by_parameter_order=True), trips).all()
    for entry in entries:                   # the guard logs each car out and in against its trip
        entry["trip_id"] = trip_ids[entry.pop("trip")]
    session.execute(insert(GateEntry), entries)
    session.execute(insert(FuelEntry), fuel)
    for car in cars:
        session.execute(Car.__table__.update().where(Car.id == car.id).values(odometer_km=odometer[car.id]))

    tomorrow = calendar.next_working_day(today)
    waiting = []
    for n in range(WAITING_NOW):
        who = requesters[n % len(requesters)]
        start = local_to_utc(datetime.combine(tomorrow, time(8 + n % 8)))
        waiting.append({"requester_id": who.id, "department_id": who.department_id, "reason": "现场检查",
                        "destination": f"{n + 1}号换热站", "destination_kind": rules.WORK_SITE, "within_town": True,
                        "passengers": 2, "starts_at": start, "ends_at": start + timedelta(hours=2),
                        "urgency": rules.URGENT if n % 3 == 0 else rules.ORDINARY,
                        "purpose": rules.PURPOSES[n % 3], "outside_org": "外单位" if n % 4 == 3 else "",
                        "state": "awaiting" if n % 4 == 3 else "waiting",
                        "decision_note": "", "created_at": now - timedelta(minutes=5 * n)})
    session.execute(insert(CarRequest), waiting)
    _upkeep(company, cars, days, office)


def _upkeep(company: Build, cars, days, office: int) -> None:
    """Two years of repairs (the latest few still open, some with the GM) and fines."""
    session, rng, now = db.session, company.rng, company.now
    repairs, incidents = [], []
    gm = company.accounts["gm"]
    every = max(1, len(days) // (REPAIRS_PER_CAR_AND_YEAR * 2))
    for car in cars:
        for n, day in enumerate(days[::every]):
            asked = local_to_utc(datetime.combine(day, time(9)))
            last = n >= len(days[::every]) - 1
            state = rng.choice((rules.LISTED, rules.FORWARDED)) if last else rules.DONE
            repairs.append({"car_id": car.id, "asked_by_id": car.driver_id, "asked_at": asked, "items": "保养\n更换刹车片",
                            "estimate_yuan": Decimal(rng.randint(300, 3000)), "state": state,
                            "forwarded_by_id": office if state != rules.LISTED else None,
                            "forwarded_at": asked + timedelta(hours=3) if state != rules.LISTED else None,
                            "decided_by_id": gm if state == rules.DONE else None,
                            "decided_at": asked + timedelta(days=1) if state == rules.DONE else None,
                            "decision_note": "", "garage": "昌黎县汽车修理厂" if state == rules.DONE else "",
                            "cost_yuan": Decimal(rng.randint(300, 3000)) if state == rules.DONE else None,
                            "done_on": day + timedelta(days=2) if state == rules.DONE else None,
                            "recorded_by_id": office if state == rules.DONE else None})
            if n % 3 == 1:
                incidents.append({"car_id": car.id, "driver_id": car.driver_id, "day": day,
                                  "cause": rng.choice(rules.CAUSES), "cost_yuan": Decimal(rng.choice((100, 200, 1500))),
                                  "description": "", "entered_by_id": office, "entered_at": now})
    session.execute(insert(CarRepair), repairs)
    session.execute(insert(CarIncident), incidents)

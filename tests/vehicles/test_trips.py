"""Trips and the gate log, held by the database itself: no car and no driver on two overlapping
trips — also when two dispatchers assign at the same moment — and gate entries never changed
(on SQLite, and on PostgreSQL when the suite runs there)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from portal.extensions import commit_unless_taken, db
from portal.staff.models import Employee
from portal.vehicles import operations
from portal.vehicles.models import Car, CarRequest, GateEntry, Trip
from tests.approvals.test_concurrent_decisions import at_once

NINE = datetime(2027, 3, 2, 1, 0)          # 09:00 in Changli, stored as UTC
HOUR = timedelta(hours=1)


def _ids(app):
    with app.app_context():
        people = dict(db.session.execute(select(Employee.username, Employee.id)).all())
        office_dept = db.session.scalar(select(Employee.department_id).where(Employee.username == "office"))
        return people, office_dept


@pytest.fixture
def fleet(app):
    """Two cars, two drivers, the office as dispatcher."""
    people, dept = _ids(app)
    with app.app_context():
        drivers = list(db.session.scalars(select(Employee.id).where(Employee.active).order_by(Employee.id).limit(2)))
        cars = [Car(plate=f"冀C·T{n}001", model="测试", seats=5, fuel_norm=Decimal("9.5"), driver_id=d)
                for n, d in enumerate(drivers)]
        db.session.add_all(cars)
        db.session.commit()
        return {"cars": [c.id for c in cars], "drivers": drivers, "office": people["office"], "dept": dept}


def _trip(fleet, car=0, driver=0, start=NINE, hours=2, cancelled=False):
    return Trip(car_id=fleet["cars"][car], driver_id=fleet["drivers"][driver], starts_at=start,
                ends_at=start + hours * HOUR, assigned_by_id=fleet["office"], cancelled=cancelled)


def _add(app, *trips) -> bool:
    """Whether the database takes the trips (one transaction)."""
    with app.app_context():
        db.session.add_all(trips)
        return commit_unless_taken()


@pytest.mark.parametrize("second, taken", [
    (dict(car=0, driver=1, start=NINE + HOUR), False),          # the same car, overlapping
    (dict(car=1, driver=0, start=NINE + HOUR), False),          # the same driver, overlapping
    (dict(car=0, driver=0, start=NINE - HOUR, hours=4), False), # around the first one
    (dict(car=0, driver=0, start=NINE + 2 * HOUR), True),       # back to back: ends when the next starts
    (dict(car=0, driver=0, start=NINE - HOUR, hours=1), True),  # just before
    (dict(car=1, driver=1, start=NINE), True),                  # another car and driver, same time
    (dict(car=0, driver=0, start=NINE, cancelled=True), True),  # a cancelled trip books nothing
])
def test_the_database_refuses_a_car_or_driver_on_two_overlapping_trips(app, fleet, second, taken):
    assert _add(app, _trip(fleet))
    assert _add(app, _trip(fleet, **second)) is taken


def test_a_cancelled_trip_frees_its_time_and_cannot_be_revived_over_another(app, fleet):
    assert _add(app, _trip(fleet, cancelled=True), _trip(fleet, car=0, driver=1))
    with app.app_context():
        cancelled = db.session.scalar(select(Trip.id).where(Trip.cancelled))
        with pytest.raises(IntegrityError):
            db.session.execute(update(Trip).where(Trip.id == cancelled).values(cancelled=False))
            db.session.commit()
        db.session.rollback()
        # and moving a trip onto another's time is refused too
        assert _add(app, _trip(fleet, car=1, driver=0, start=NINE + 5 * HOUR))
        moved = db.session.scalar(select(Trip.id).where(Trip.car_id == fleet["cars"][1]))
        with pytest.raises(IntegrityError):
            db.session.execute(update(Trip).where(Trip.id == moved).values(car_id=fleet["cars"][0], starts_at=NINE))
            db.session.commit()
        db.session.rollback()


def _requests(app, fleet, n):
    with app.app_context():
        rows = [CarRequest(requester_id=fleet["office"], department_id=fleet["dept"], reason="去供热站",
                           destination="城东换热站", destination_kind="work_site", within_town=True, passengers=2,
                           starts_at=NINE + k * timedelta(minutes=30), ends_at=NINE + 2 * HOUR,
                           urgency="ordinary", purpose="work") for k in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        return [r.id for r in rows]


def test_two_dispatchers_at_the_same_moment_cannot_double_book_a_car(make_app, fleet):
    # Two workers' apps (their own connections and sessions), released together, each giving
    # the same car to a different request at overlapping times: exactly one trip.
    first, second = make_app(), make_app()
    for _ in range(3):
        waiting = _requests(first, fleet, 2)

        def assign(app, request_id, driver):
            with app.app_context():
                result = operations.assign(request_id, fleet["cars"][0], fleet["drivers"][driver], fleet["office"],
                                           NINE - HOUR)
                return "trip" if isinstance(result, Trip) else result
        results = at_once(lambda: assign(first, waiting[0], 0), lambda: assign(second, waiting[1], 1))
        assert sorted(results) == ["busy", "trip"]
        with first.app_context():
            assert db.session.scalar(select(func.count()).select_from(Trip).where(Trip.request_id.in_(waiting))) == 1
            busy_request = waiting[results.index("busy")]
            assert db.session.get(CarRequest, busy_request).state == "waiting"     # still to be served
            db.session.execute(delete(Trip).where(Trip.request_id.in_(waiting)))
            db.session.commit()


def test_a_request_dispatched_once_is_not_dispatched_again(app, fleet):
    [request_id] = _requests(app, fleet, 1)
    with app.app_context():
        assert isinstance(operations.assign(request_id, fleet["cars"][0], fleet["drivers"][0], fleet["office"], NINE),
                          Trip)
        assert operations.assign(request_id, fleet["cars"][1], fleet["drivers"][1], fleet["office"], NINE) == "taken"


def test_gate_entries_are_never_changed_or_deleted(app, fleet):
    with app.app_context():
        guard = db.session.scalar(select(Employee.id).where(Employee.username == "guard"))
        entry = operations.log_gate(fleet["cars"][0], "out", 12_345, guard, NINE, seen_last_id=None)
        assert db.session.get(Car, fleet["cars"][0]).odometer_km == 12_345
        for statement in (update(GateEntry).where(GateEntry.id == entry.id).values(odometer_km=1),
                          delete(GateEntry).where(GateEntry.id == entry.id)):
            with pytest.raises(DBAPIError):
                db.session.execute(statement)
                db.session.commit()
            db.session.rollback()
        # a mistake is corrected by a new entry naming the one it corrects
        operations.log_gate(fleet["cars"][0], "out", 12_354, guard, NINE, seen_last_id=entry.id, note="读数看错",
                             corrects_id=entry.id)
        assert db.session.scalar(select(func.count()).select_from(GateEntry).where(GateEntry.car_id == fleet["cars"][0])) == 2



def test_two_dispatchers_clicking_at_once_on_a_real_server_book_a_car_once(app, fleet):
    # Two office clerks, each in their own browser, give the same car to two requests at
    # overlapping times against a live server (a thread per request, as gunicorn's threads):
    # one trip; the other is told to choose again and their request still waits.
    from tests.approvals.test_concurrent_decisions import Browser
    from tests.conftest import serve
    driver_of_car, other_driver = fleet["drivers"]         # both dedicated drivers of the fleet's cars
    with serve(app) as base:
        clerk, head_of_office = Browser(base, "office"), Browser(base, "office-head")
        for _ in range(3):
            waiting = _requests(app, fleet, 2)
            answers = at_once(
                lambda: clerk.post(f"/vehicles/requests/{waiting[0]}/assign",
                                   {"car_id": fleet["cars"][0], "driver_id": driver_of_car}, HX_HEADERS),
                lambda: head_of_office.post(f"/vehicles/requests/{waiting[1]}/assign",
                                            {"car_id": fleet["cars"][0], "driver_id": other_driver}, HX_HEADERS))
            assert sorted(status for status, _body in answers) == [200, 409], answers
            loser = next(body for status, body in answers if status == 409)
            assert "重新选择" in loser
            with app.app_context():
                trips = db.session.scalar(select(func.count()).select_from(Trip).where(Trip.request_id.in_(waiting)))
                states = sorted(db.session.get(CarRequest, r).state for r in waiting)
                assert trips == 1 and states == ["dispatched", "waiting"]
                db.session.execute(delete(Trip).where(Trip.request_id.in_(waiting)))
                db.session.execute(update(CarRequest).where(CarRequest.id.in_(waiting)).values(state="refused"))
                db.session.commit()


HX_HEADERS = {"HX-Request": "true"}


def test_two_trips_meeting_as_a_deadlock_answer_like_an_overlap(app, fleet):
    """On PostgreSQL each insert checks the exclusion constraints against rows not yet committed
    and waits for their transaction: two dispatchers' trips can wait for each other. The server
    cancels one; that dispatcher is told the car or driver is taken (a 409), not an error page."""
    import threading
    import time as clock
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's exclusion constraints")
        def columns(car, driver, start):
            return dict(car_id=fleet["cars"][car], driver_id=fleet["drivers"][driver], starts_at=start,
                        ends_at=start + 2 * HOUR, assigned_by_id=fleet["office"], cancelled=False, not_needed_reason="")
        other = db.engine.connect()
        other_transaction = other.begin()
        other.execute(Trip.__table__.insert().values(columns(car=0, driver=0, start=NINE)))   # not committed
        answer = {}

        def dispatcher():       # car 1 is free; driver 0 waits for the other's trip
            with app.app_context():
                try:
                    db.session.add(_trip(fleet, car=1, driver=0, start=NINE + HOUR))
                    answer["taken"] = not commit_unless_taken()
                    answer["usable"] = db.session.scalar(select(func.count()).select_from(Trip)) is not None
                except Exception as error:      # the assertion below shows it
                    answer["error"] = repr(error)[:300]

        waiting = threading.Thread(target=dispatcher)
        waiting.start()
        clock.sleep(0.3)
        # … which now waits for the dispatcher's car-1 trip: a deadlock (the constraints are checked
        # one index at a time, car before driver). The server cancels the transaction that has
        # waited longer (it looks for the cycle first): the dispatcher's.
        other.execute(Trip.__table__.insert().values(columns(car=1, driver=1, start=NINE + HOUR)))
        waiting.join(timeout=30)
        other_transaction.rollback()
        other.close()
    assert answer == {"taken": True, "usable": True}

"""The guard's gate log (regulation 3), through the pages: a car out and back in with the
odometer, a reading lower than the last refused, a car leaving without a trip flagged, cars
outside after hours listed with the driver's phone."""

from sqlalchemy import select

from portal.clock import local_today
from portal.extensions import db
from portal.workdays.queries import current as working_calendar
from portal.vehicles.models import Car, GateEntry

HX = {"HX-Request": "true"}


def _next_working_day(app) -> str:
    """The working day after the demo's (the demo's gate log is of the days before)."""
    with app.app_context():
        return working_calendar().next_working_day(local_today()).isoformat()


def _car(app, plate):
    with app.app_context():
        car = db.session.scalar(select(Car).where(Car.plate == plate))
        return car.id, car.odometer_km


def _seen(app, car_id) -> int:
    """The car's latest gate entry, as the guard's page names it in each form."""
    with app.app_context():
        return db.session.scalar(select(GateEntry.id).where(GateEntry.car_id == car_id)
                                 .order_by(GateEntry.at.desc(), GateEntry.id.desc()).limit(1))


def _entries(app, car_id):
    with app.app_context():
        return [(e.direction, e.odometer_km, e.note) for e in db.session.scalars(
            select(GateEntry).where(GateEntry.car_id == car_id).order_by(GateEntry.id))]


def test_the_guard_logs_a_car_out_and_back_in_with_the_odometer(app, as_user, travel):
    travel(f"{_next_working_day(app)}T10:00")    # a working morning
    guard = as_user("guard")
    car_id, km = _car(app, "冀C·B3105")
    logged = len(_entries(app, car_id))
    page = guard.get("/vehicles/gate").get_data(as_text=True)
    assert "冀C·B3105" in page and "在院内" in page and f'value="{km}"' in page   # the last reading offered
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km + 3, "seen": _seen(app, car_id)}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "已于 10:00 出门" in body and "没有派车单，已告知办公室" in body
    assert _entries(app, car_id)[-1][:2] == ("out", km + 3) and "无派车单出车" in _entries(app, car_id)[-1][2]
    # back in: the button says so; a reading below the last is refused and nothing is logged
    assert "回场" in guard.get("/vehicles/gate?q=B31", headers=HX).get_data(as_text=True)
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km, "seen": _seen(app, car_id)}, headers=HX)
    assert response.status_code == 422 and "低于上次读数" in response.get_data(as_text=True)
    assert len(_entries(app, car_id)) == logged + 1   # this out only
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km + 41, "note": "加油后回场",
                                                            "seen": _seen(app, car_id)}, headers=HX)
    assert response.status_code == 200 and "已于 10:00 回场" in response.get_data(as_text=True)
    assert _entries(app, car_id)[-1] == ("in", km + 41, "加油后回场")
    with app.app_context():
        assert db.session.get(Car, car_id).odometer_km == km + 41


def test_a_double_tap_or_a_stale_page_logs_the_car_once_and_says_who_logged_it(app, as_user, travel):
    travel(f"{_next_working_day(app)}T10:00")
    guard = as_user("guard")
    car_id, km = _car(app, "冀C·B3105")
    seen, logged = _seen(app, car_id), len(_entries(app, car_id))
    tap = {"odometer_km": km + 3, "seen": seen, "q": "B31"}
    first = guard.post(f"/vehicles/gate/{car_id}", data=tap, headers=HX)
    assert first.status_code == 200 and "冀C·A6288" not in first.get_data(as_text=True)    # still filtered
    second = guard.post(f"/vehicles/gate/{car_id}", data=tap, headers=HX)          # the same page, tapped again
    body = second.get_data(as_text=True)
    assert second.status_code == 409 and "已于 10:00 由邹德明登记出门" in body and "回场" in body
    assert len(_entries(app, car_id)) == logged + 1 and _entries(app, car_id)[-1][0] == "out"
    # a correction drawn before that entry is refused the same way
    stale = guard.post(f"/vehicles/gate/{car_id}/correct",
                       data={"direction": "in", "odometer_km": km, "reason": "看错了", "seen": seen}, headers=HX)
    assert stale.status_code == 409 and len(_entries(app, car_id)) == logged + 1


def test_two_guards_tapping_the_same_car_at_once_on_a_real_server_log_it_once(app, travel):
    # Two guards' phones (threads of a live server, as gunicorn's) tap "出门" for the same car
    # at the same moment, each from the page they had: one entry; the other is told who logged it.
    from tests.approvals.test_concurrent_decisions import Browser, at_once
    from tests.conftest import serve
    travel(f"{_next_working_day(app)}T10:00")
    car_id, km = _car(app, "冀C·B3105")
    with serve(app) as base:
        phones = Browser(base, "guard"), Browser(base, "guard")
        for round_ in range(3):
            seen, logged = _seen(app, car_id), len(_entries(app, car_id))
            reading = km + 10 * (round_ + 1)
            answers = at_once(*(lambda phone=phone: phone.post(f"/vehicles/gate/{car_id}",
                                                               {"odometer_km": reading, "seen": seen}, HX)
                                for phone in phones))
            assert sorted(status for status, _body in answers) == [200, 409], answers
            assert len(_entries(app, car_id)) == logged + 1


def test_an_empty_or_wild_reading_is_refused_in_chinese(app, as_user):
    guard = as_user("guard")
    car_id, km = _car(app, "冀C·A6288")
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": ""}, headers=HX)
    assert response.status_code == 422 and "请填写里程表读数" in response.get_data(as_text=True)
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km + 5000}, headers=HX)
    assert response.status_code == 422 and "请重新查看里程表" in response.get_data(as_text=True)


def test_cars_outside_after_hours_are_listed_with_the_drivers_phone(app, as_user, travel):
    day = _next_working_day(app)
    travel(f"{day}T19:30")                       # after hours: the demo's engineering van is still out
    page = as_user("guard").get("/vehicles/gate").get_data(as_text=True)
    assert "下班后仍在外的车辆" in page
    listed = page.split("下班后仍在外的车辆")[1].split("</section>")[0]
    assert "冀C·D7716" in listed and "郭海涛" in listed and "tel:" in listed
    assert "冀C·A6288" not in listed
    travel(f"{day}T10:30")                       # in working hours nobody needs to be told
    assert "下班后仍在外的车辆" not in as_user("guard").get("/vehicles/gate").get_data(as_text=True)


def test_after_hours_the_guard_the_office_and_the_gm_are_told_on_their_home_page(app, as_user, travel):
    day = _next_working_day(app)
    travel(f"{day}T19:30")
    for who in ("guard", "office", "gm"):
        page = as_user(who).get("/").get_data(as_text=True)
        assert "下班后仍在外的车辆" in page, who
    assert "下班后仍在外的车辆" not in as_user("staff").get("/").get_data(as_text=True)
    travel(f"{day}T10:30")
    assert "当前在外的车辆" in as_user("guard").get("/").get_data(as_text=True)      # the guard's way to the gate
    assert "下班后仍在外的车辆" not in as_user("gm").get("/").get_data(as_text=True)


def test_the_office_sees_cars_that_left_without_a_trip(as_user):
    page = as_user("office").get("/vehicles/dispatch").get_data(as_text=True)
    listed = page.split("无派车单出车（近 7 天）")[1].split("</section>")[0]
    assert "冀C·D7716" in listed and "管网所借用" in listed


def test_the_guards_home_counts_every_car_out_not_just_the_last_one_logged(app, as_user, travel):
    day = _next_working_day(app)
    travel(f"{day}T10:30")
    guard = as_user("guard")

    def gate_page() -> str:
        return guard.get("/vehicles/gate").get_data(as_text=True)

    for plate in ("冀C·A6288", "冀C·B3105"):
        car_id, km = _car(app, plate)
        article = gate_page().split(f'id="car-{car_id}"')[0].rsplit("<article", 1)[1]
        if "is-out" not in article:
            card = gate_page().split(f'id="car-{car_id}"')[1]
            seen = card.split('name="seen" value="')[1].split('"')[0]
            assert guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km + 3, "seen": seen},
                              headers=HX).status_code == 200
    out = gate_page().count("gate-car is-out")
    home = guard.get("/").get_data(as_text=True)
    assert out >= 2
    assert f'<span class="count">{out}</span> 当前在外的车辆' in home


def test_the_guards_home_counts_the_trips_still_to_go_out_today(app, as_user, travel):
    """Trips from now to midnight whose car has not gone out for them: one more when the office
    dispatches a car for this afternoon, one fewer once the guard logs it out."""
    from datetime import datetime, time
    import re
    from portal.clock import local_to_utc
    from portal.staff.models import Employee
    from portal.vehicles.models import Trip
    day = _next_working_day(app)
    travel(f"{day}T08:00")
    guard = as_user("guard")

    def due() -> int:
        found = re.search(r'<span class="count">(\d+)</span> 今天还要出车的车次', guard.get("/").get_data(as_text=True))
        return int(found.group(1)) if found else 0

    before = due()
    car_id, km = _car(app, "冀C·B3105")
    with app.app_context():
        office = db.session.scalar(select(Employee.id).where(Employee.username == "office"))
        driver = db.session.scalar(select(Employee.id).where(Employee.username == "driver"))
        afternoon = datetime.combine(datetime.fromisoformat(day).date(), time(14))
        db.session.add(Trip(car_id=car_id, driver_id=driver, assigned_by_id=office,
                            starts_at=local_to_utc(afternoon), ends_at=local_to_utc(afternoon.replace(hour=17))))
        db.session.commit()
    assert due() == before + 1
    travel(f"{day}T13:50")
    guard = as_user("guard")
    response = guard.post(f"/vehicles/gate/{car_id}", data={"odometer_km": km + 1, "seen": _seen(app, car_id)}, headers=HX)
    assert response.status_code == 200 and "没有派车单" not in response.get_data(as_text=True)   # out for that trip
    assert due() == before

"""Demo content of the vehicles area (see portal/demo.py): the office's cars with their
dedicated drivers and the van of 投资发展部; requests for the next working day from several
ranks, so that the dispatch queue shows every reason of its order; one request already served
and one refused, as their requesters see them; a loan and a request for the van waiting for the GM
and the van's head; a month of the gate log with one car still out and of the fuel ledger with one
car over its norm; repairs (one waiting for the GM), a fine and an accident."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..approvals.models import Decision
from ..clock import local_to_utc, to_local
from ..demo import seeder
from ..extensions import db
from ..staff.models import Department, Employee
from ..workdays.queries import current as working_calendar
from .models import Car, CarIncident, CarRepair, CarRequest, FuelEntry, GateEntry, Trip
from .operations import REPAIR_SUBJECT, SUBJECT

# plate, model, seats, driver (name), department (None: the office's pool), norm L/100 km
CARS = [
    ("冀C·A6288", "大众帕萨特", 5, "孙志强", None, "8.5"),
    ("冀C·B3105", "丰田普拉多", 7, "杨树林", None, "11.5"),
    ("冀C·D7716", "江铃全顺工程车", 9, "郭海涛", None, "10.0"),
    ("冀C·F2093", "五菱荣光面包车", 7, None, "投资发展部", "7.2"),
    ("冀C·H5520", "别克GL8商务车", 7, "王建军", None, "10.5"),
    ("冀C·K0917", "长城风骏皮卡", 5, "刘春生", None, "9.0"),
]
HISTORY_WORKING_DAYS = 22
# username, (hour, minute) filed this morning, urgency, purpose, destination, kind, in town, people, reason
WAITING = [
    ("gm", (8, 40), "ordinary", "other", "县住建局", "government", True, 2, "参加供热季安全检查汇报会"),
    ("deputy", (8, 50), "ordinary", "work", "城东换热站", "work_site", True, 3, "检查新装板式换热器运行"),
    ("invest-head", (9, 10), "urgent", "work", "和平小区二期工地", "work_site", True, 2, "管网碰头施工现场协调"),
    ("cs-head", (8, 30), "ordinary", "reception", "昌黎站", "other", True, 1, "接省热力协会调研组"),
    ("branch-mgr", (9, 5), "ordinary", "work", "滦河热源厂", "work_site", False, 4, "送检修人员及工具"),
    ("office-head", (8, 20), "ordinary", "other", "县城邮政局", "other", True, 1, "寄送年度报表"),
]


@seeder
def seed_vehicles(now: datetime, password: str) -> None:
    if db.session.scalar(select(Car.id).limit(1)) is not None:
        return
    people = {e.name: e for e in db.session.scalars(select(Employee).where(Employee.active))}
    accounts = {e.username: e for e in people.values()}
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    today = to_local(now).date()
    invest = departments["投资发展部"]
    van_driver = next(e for e in people.values() if e.department_id == invest.id and e.rank == "staff")
    cars = []
    for plate, model, seats, driver, department, norm in CARS:
        cars.append(Car(plate=plate, model=model, seats=seats, fuel_norm=Decimal(norm),
                        driver_id=(people[driver] if driver else van_driver).id,
                        department_id=departments[department].id if department else None,
                        odometer_km=40_000 + 9_137 * len(cars), insurance_due=today + timedelta(days=90 + 60 * len(cars)),
                        road_fee_due=today + timedelta(days=200)))
    cars[1].insurance_due = today + timedelta(days=12)          # due soon: the office is reminded
    db.session.add_all(cars)
    db.session.flush()

    calendar = working_calendar()
    tomorrow = calendar.next_working_day(today)
    at = lambda day, hour, minute=0: local_to_utc(datetime.combine(day, time(hour, minute)))  # noqa: E731
    for n, (username, (hour, minute), urgency, purpose, place, kind, in_town, passengers, reason) in enumerate(WAITING):
        requester = accounts[username]
        filed = min(at(today, hour, minute), now - timedelta(minutes=5 * (len(WAITING) - n)))
        db.session.add(CarRequest(
            requester_id=requester.id, department_id=requester.department_id, reason=reason, destination=place,
            destination_kind=kind, within_town=in_town, passengers=passengers, starts_at=at(tomorrow, 9 + n % 3, 0),
            ends_at=at(tomorrow, 11 + n % 3, 30), urgency=urgency, purpose=purpose, created_at=filed))

    office, head = accounts["office"], accounts["invest-head"]
    served = CarRequest(requester_id=head.id, department_id=head.department_id, reason="到县档案馆查管网竣工图",
                        destination="县档案馆", destination_kind="government", within_town=True, passengers=2,
                        starts_at=at(today, 14), ends_at=at(today, 16), urgency="ordinary", purpose="work",
                        state="dispatched", decided_by_id=office.id, decided_at=now - timedelta(hours=3),
                        created_at=now - timedelta(hours=4))
    refused = CarRequest(requester_id=head.id, department_id=head.department_id, reason="去银行取回单",
                         destination="工商银行昌黎支行", destination_kind="other", within_town=True, passengers=1,
                         starts_at=at(today, 15), ends_at=at(today, 16), urgency="ordinary", purpose="other",
                         state="refused", decided_by_id=office.id, decided_at=now - timedelta(hours=2),
                         decision_note="一人在城内办事，按制度原则上不派车；银行步行十分钟。",
                         created_at=now - timedelta(hours=3))
    db.session.add_all([served, refused])
    db.session.flush()
    db.session.add(Trip(request_id=served.id, car_id=cars[0].id, driver_id=cars[0].driver_id,
                        starts_at=served.starts_at, ends_at=served.ends_at, assigned_by_id=office.id,
                        assigned_at=served.decided_at))
    db.session.add(Decision(subject=SUBJECT, subject_id=refused.id, outcome="refused", decided_by_id=office.id,
                            decided_at=refused.decided_at, note=refused.decision_note))

    # A month of the gate log: each car out in the morning on a trip and back before noon; on the
    # last working day the engineering van went out again at 16:40 without a trip and is still
    # out (after hours the guard, the office and the GM see it). Fuel every fifth working day by
    # the distance and the car's norm — the Prado 15 % over it; the van once fuelled elsewhere
    # without a leader's approval.
    guard = accounts["guard"]
    days = calendar.working_days_before(today, HISTORY_WORKING_DAYS)
    km = {car.id: car.odometer_km - 2_000 for car in cars}
    since_fuel = {car.id: 0 for car in cars}
    for d, day in enumerate(days):
        for c, car in enumerate(cars):
            out_at = at(day, 8, 30 + 5 * c)
            trip = Trip(car_id=car.id, driver_id=car.driver_id, starts_at=out_at, ends_at=out_at + timedelta(hours=3),
                        assigned_by_id=office.id, assigned_at=out_at - timedelta(hours=20))
            db.session.add(trip)
            db.session.flush()
            driven = 25 + (c * 13 + d * 7) % 45
            db.session.add(GateEntry(car_id=car.id, direction="out", at=out_at, odometer_km=km[car.id],
                                     guard_id=guard.id, trip_id=trip.id))
            km[car.id] += driven
            since_fuel[car.id] += driven
            db.session.add(GateEntry(car_id=car.id, direction="in", at=out_at + timedelta(hours=3, minutes=10),
                                     odometer_km=km[car.id], guard_id=guard.id, trip_id=trip.id))
            if d % 5 == 4:
                over = Decimal("1.15") if car is cars[1] else Decimal(1)
                litres = (Decimal(since_fuel[car.id]) * car.fuel_norm / 100 * over).quantize(Decimal("0.01"))
                elsewhere = car is cars[3] and d == 9
                db.session.add(FuelEntry(car_id=car.id, day=day, litres=litres, amount_yuan=(litres * Decimal("7.35")).quantize(Decimal("0.01")),
                                         station="城东加油站" if elsewhere else "中石化昌黎城关站", designated=not elsewhere,
                                         reimbursable=not elsewhere, entered_by_id=office.id, entered_at=now))
                since_fuel[car.id] = 0
    van = cars[2]
    km[van.id] += 12
    db.session.add(GateEntry(car_id=van.id, direction="out", at=at(days[-1], 16, 40), odometer_km=km[van.id],
                             guard_id=guard.id, note="无派车单出车：管网所借用去城北抢修"))
    for car in cars:
        car.odometer_km = km[car.id]
    _seed_approvals(accounts, cars, tomorrow, at, now)
    _seed_upkeep(accounts, cars, days, now)
    db.session.commit()


def _seed_approvals(accounts, cars, tomorrow, at, now) -> None:
    """A loan to another organisation waiting for the GM, and the van of 投资发展部 asked for by
    another department, waiting for its head."""
    cs_head, branch = accounts["cs-head"], accounts["branch-mgr"]
    db.session.add_all([
        CarRequest(requester_id=cs_head.id, department_id=cs_head.department_id, reason="县供热办借车检查各小区供热情况",
                   destination="县城各小区", destination_kind="other", within_town=True, passengers=3,
                   starts_at=at(tomorrow, 13), ends_at=at(tomorrow, 17), urgency="ordinary", purpose="work",
                   outside_org="县城市管理局供热办", state="awaiting", created_at=now - timedelta(minutes=50)),
        CarRequest(requester_id=branch.id, department_id=branch.department_id, reason="运送换热站备用循环泵",
                   destination="城西换热站", destination_kind="work_site", within_town=True, passengers=2,
                   starts_at=at(tomorrow, 14), ends_at=at(tomorrow, 16), urgency="urgent", purpose="work",
                   wants_car_id=cars[3].id, state="awaiting", created_at=now - timedelta(minutes=35)),
    ])


def _seed_upkeep(accounts, cars, days, now) -> None:
    """Repairs — one waiting for the GM, one just listed by a driver, one done at the garage —
    and a fine the driver bears beside an accident the company decides on."""
    office, gm = accounts["office"], accounts["gm"]
    prado, pickup = cars[1], cars[5]
    db.session.add_all([
        CarRepair(car_id=prado.id, asked_by_id=prado.driver_id, asked_at=now - timedelta(days=2), state="forwarded",
                  items="前刹车片磨损到限\n左前大灯不亮\n空调制热不足，检查暖风水箱", estimate_yuan=Decimal("1850.00"),
                  forwarded_by_id=office.id, forwarded_at=now - timedelta(days=1)),
        CarRepair(car_id=pickup.id, asked_by_id=pickup.driver_id, asked_at=now - timedelta(hours=3), state="listed",
                  items="更换机油、机滤\n后轮胎鼓包"),
    ])
    done = CarRepair(car_id=cars[0].id, asked_by_id=cars[0].driver_id, asked_at=now - timedelta(days=20),
                     state="done", items="更换雨刮片\n四轮定位", estimate_yuan=Decimal("400.00"),
                     forwarded_by_id=office.id, forwarded_at=now - timedelta(days=19), decided_by_id=gm.id,
                     decided_at=now - timedelta(days=18), garage="昌黎县汽车修理厂", cost_yuan=Decimal("360.00"),
                     done_on=days[-8], recorded_by_id=office.id)
    db.session.add(done)
    db.session.flush()
    db.session.add(Decision(subject=REPAIR_SUBJECT, subject_id=done.id, outcome="approved", decided_by_id=gm.id,
                            decided_at=done.decided_at))
    db.session.add_all([
        CarIncident(car_id=cars[2].id, driver_id=cars[2].driver_id, day=days[-12], cause="traffic_violation",
                    cost_yuan=Decimal("200.00"), description="城关镇民生路违章停车，罚款200元、记3分",
                    entered_by_id=office.id, entered_at=now - timedelta(days=10)),
        CarIncident(car_id=cars[0].id, driver_id=cars[0].driver_id, day=days[-5], cause="accident",
                    cost_yuan=Decimal("1200.00"), description="雪天在碣阳大街被后车追尾，后保险杠受损",
                    entered_by_id=office.id, entered_at=now - timedelta(days=4)),
    ])

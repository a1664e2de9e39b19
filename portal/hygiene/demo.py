"""Demo content of the hygiene area (see portal/demo.py): the company's places as the regulation
names them, three months of the office's daily round (a few failures: one fixed and closed,
one fixed and waiting for a second look, one still open in the guards' washroom), this week's
rota with one clean done (and last week's 楼道 missed), and 韩丽萍 appointed for the GM's office (cleaned every working day
before today)."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..clock import local_to_utc, to_local
from ..demo import seeder
from ..extensions import db
from ..staff.models import Department, Employee
from ..workdays.queries import current as working_calendar
from . import rules
from .models import GmOfficeClean, HygieneFix, HygieneInspection, HygieneZone, InspectionResult, WeeklyClean

SHARED = ("会议室", "楼道", "走廊", "大厅")
GUARDS = "警卫班"
APPOINTED = "韩丽萍"
HISTORY_WORKING_DAYS = 63
ZONES_A_DAY = 4
# (working days ago, place, item failed, what became of it)
FAILURES = [(1, "洗手间", "toilet_floor", "open"), (3, "客服中心办公室", "desks", "fixed"),
            (9, "大厅", "floor", "closed"), (25, "投资发展部办公室", "bookcases", "closed"),
            (40, "院内厕所", "toilet_dry", "closed")]


def _office_name(department: str) -> str:
    return department if department.endswith("室") else department + "办公室"


@seeder
def seed_hygiene(now: datetime, password: str) -> None:
    if db.session.scalar(select(HygieneZone.id).limit(1)) is not None:
        return
    departments = list(db.session.scalars(select(Department).where(Department.active)
                                          .order_by(Department.sort_order, Department.id)))
    by_name = {d.name: d for d in departments}
    people = {e.name: e for e in db.session.scalars(select(Employee).where(Employee.active))}
    office = next(e for e in people.values() if e.username == "office")
    zones = [HygieneZone(name=_office_name(d.name), kind=rules.DEPARTMENT_OFFICE, department_id=d.id, sort_order=n)
             for n, d in enumerate(departments)]
    zones += [HygieneZone(name=name, kind=rules.SHARED, sort_order=100 + n) for n, name in enumerate(SHARED)]
    guards = by_name[GUARDS].id
    zones += [HygieneZone(name="洗手间", kind=rules.WASHROOM, department_id=guards, sort_order=200),
              HygieneZone(name="警卫室", kind=rules.GUARD_ROOM, department_id=guards, sort_order=201),
              HygieneZone(name="院内厕所", kind=rules.WASHROOM, department_id=guards, sort_order=202),
              HygieneZone(name="总经理办公室", kind=rules.GM_OFFICE, appointed_id=people[APPOINTED].id, sort_order=300)]
    db.session.add_all(zones)
    db.session.flush()

    calendar = working_calendar()
    today = to_local(now).date()
    days = calendar.working_days_before(today, HISTORY_WORKING_DAYS)
    failures = {(days[-ago], place): (item, fate) for ago, place, item, fate in FAILURES}
    rota_departments = [d.id for d in departments]
    shared_ids = [z.id for z in zones if z.kind == rules.SHARED]
    for n, day in enumerate(days):
        rota = rules.weekly_rota(rota_departments, shared_ids, rules.monday_of(day))
        todays = [zones[(n * ZONES_A_DAY + k) % len(zones)] for k in range(ZONES_A_DAY)]
        todays += [z for z in zones if (day, z.name) in failures and z not in todays]
        for k, zone in enumerate(todays):
            at = local_to_utc(datetime.combine(day, time(9, 10 + 12 * k)))
            failed = failures.get((day, zone.name))
            results = {item: rules.FAIL if failed and item == failed[0] else rules.PASS for item in rules.items_for(zone.kind)}
            if not failed and (n + k) % 6 == 2:          # a small slip, put right the same day
                failed = ("walls", "closed")
                results["walls"] = rules.FAIL
            department = rules.answering_department(zone.kind, zone.department_id, rota.get(zone.id))
            inspection = HygieneInspection(zone_id=zone.id, department_id=department, inspected_by_id=office.id,
                                           inspected_at=at, score=rules.inspection_score(results),
                                           note="地面有积水，烟头两个" if failed and failed[0] == "toilet_floor" else "")
            db.session.add(inspection)
            db.session.flush()
            for item, outcome in results.items():
                result = InspectionResult(inspection_id=inspection.id, item=item, result=outcome)
                db.session.add(result)
                if outcome == rules.FAIL:
                    db.session.flush()
                    fate = failed[1]
                    fixed_at = at + timedelta(hours=3) if fate != "open" else None
                    fixer = next((e.id for e in people.values() if e.department_id == department), None)
                    db.session.add(HygieneFix(
                        result_id=result.id, zone_id=zone.id, item=item, department_id=department,
                        due=rules.fix_due(day, calendar), state=fate, fixed_at=fixed_at,
                        fixed_by_id=fixer if fixed_at else None,
                        closed_at=at + timedelta(days=1) if fate == "closed" else None,
                        closed_by_id=office.id if fate == "closed" else None))
        db.session.add(GmOfficeClean(day=day, done_by_id=people[APPOINTED].id,
                                     done_at=local_to_utc(datetime.combine(day, time(7, 40)))))
    monday = rules.monday_of(today)
    for weeks_ago in range(1, 9):                 # the weeks before: all cleaned but 楼道 last week
        week = monday - timedelta(days=7 * weeks_ago)
        rota = rules.weekly_rota(rota_departments, shared_ids, week)
        for zone_id in [z for n, z in enumerate(shared_ids) if (weeks_ago, n) != (1, 1)]:
            cleaner = next((e for e in people.values() if e.department_id == rota[zone_id]), office)
            db.session.add(WeeklyClean(zone_id=zone_id, week=week, department_id=rota[zone_id], done_by_id=cleaner.id,
                                       done_at=local_to_utc(datetime.combine(week + timedelta(days=4), time(15, 30)))))
    rota = rules.weekly_rota(rota_departments, shared_ids, monday)
    first_shared = shared_ids[0]
    head = next((e for e in people.values() if e.department_id == rota[first_shared]), office)
    db.session.add(WeeklyClean(zone_id=first_shared, week=monday, department_id=rota[first_shared],
                               done_by_id=head.id, done_at=now - timedelta(minutes=30)))
    db.session.commit()

"""The hygiene area in the benchmark: the office's inspection form and month, everyone's page.

Two years of the office's round for the synthetic company: each department's offices, the
shared places, the guards' places and the GM's office, four inspected a working day with a
failure now and then (its fix closed, the latest few still open). Deterministic for a seed."""

from datetime import datetime, time, timedelta

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..clock import local_to_utc, local_today
from ..extensions import db
from ..staff.models import Department
from ..workdays.queries import current as working_calendar
from . import rules
from .models import HygieneFix, HygieneInspection, HygieneZone, InspectionResult

HISTORY_DAYS = 730
ZONES_A_DAY = 4

PAGES = [
    page("hygiene inspection form", "office", "/hygiene/inspections/new?zone={hygiene_zone}"),
    page("hygiene month", "office", "/hygiene/report"),
    page("hygiene (my places)", "guard", "/hygiene/"),
]


def build(company: Build) -> None:
    session, rng = db.session, company.rng
    calendar = working_calendar()
    today = local_today(company.now)
    departments = list(session.scalars(select(Department.id).where(Department.active).order_by(Department.id)))
    zones = [{"name": f"部门办公室{n}", "kind": rules.DEPARTMENT_OFFICE, "department_id": d, "sort_order": n, "active": True}
             for n, d in enumerate(departments)]
    zones += [{"name": name, "kind": rules.SHARED, "department_id": None, "sort_order": 100 + n, "active": True}
              for n, name in enumerate(("会议室", "楼道", "走廊", "大厅"))]
    zones += [{"name": name, "kind": kind, "department_id": departments[-1], "sort_order": 200 + n, "active": True}
              for n, (name, kind) in enumerate((("洗手间", rules.WASHROOM), ("警卫室", rules.GUARD_ROOM),
                                                ("院内厕所", rules.WASHROOM)))]
    zones.append({"name": "总经理办公室", "kind": rules.GM_OFFICE, "department_id": None, "sort_order": 300,
                  "active": True, "appointed_id": company.accounts["office"]})
    session.execute(insert(HygieneZone), [{"appointed_id": None, **z} for z in zones])
    rows = session.execute(select(HygieneZone.id, HygieneZone.kind, HygieneZone.department_id)
                           .order_by(HygieneZone.id)).all()
    company.landmarks["hygiene_zone"] = rows[0].id
    shared = [r.id for r in rows if r.kind == rules.SHARED]
    office = company.accounts["office"]
    days = [today - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]
    n = 0
    for day in (d for d in days if calendar.is_working_day(d)):
        rota = rules.weekly_rota(departments, shared, rules.monday_of(day))
        inspections = []
        for k in range(ZONES_A_DAY):
            zone = rows[n % len(rows)]
            n += 1
            department = rules.answering_department(zone.kind, zone.department_id, rota.get(zone.id))
            results = {item: rules.FAIL if rng.random() < 0.03 else rules.PASS for item in rules.items_for(zone.kind)}
            inspections.append((zone, department, results, local_to_utc(datetime.combine(day, time(9, 10 * k)))))
        ids = session.execute(insert(HygieneInspection).returning(HygieneInspection.id), [
            {"zone_id": z.id, "department_id": d, "inspected_by_id": office, "inspected_at": at,
             "score": rules.inspection_score(r), "note": ""} for z, d, r, at in inspections]).scalars().all()
        for inspection_id, (zone, department, results, at) in zip(ids, inspections):
            result_ids = session.execute(insert(InspectionResult).returning(InspectionResult.id, InspectionResult.item), [
                {"inspection_id": inspection_id, "item": item, "result": outcome, "photo_file": None}
                for item, outcome in results.items()]).all()
            fails = [(rid, item) for rid, item in result_ids if results[item] == rules.FAIL]
            if fails:
                recent = (today - day).days < 10
                session.execute(insert(HygieneFix), [
                    {"result_id": rid, "zone_id": zone.id, "item": item, "department_id": department, "person_id": None,
                     "due": rules.fix_due(day, calendar), "state": "open" if recent else "closed",
                     "closed_by_id": None if recent else office, "closed_at": None if recent else at + timedelta(days=1),
                     "fixed_by_id": None, "fixed_at": None} for rid, item in fails])

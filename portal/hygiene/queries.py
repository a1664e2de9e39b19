"""Reads of the hygiene area."""

from datetime import date, datetime

from sqlalchemy import Integer, Select, String, bindparam, func, literal, null, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from .. import derived_cache, request_cache
from ..extensions import db
from ..prepared import Asked, prepared
from ..staff.models import Department
from . import rules
from .models import GmOfficeClean, HygieneFix, HygieneInspection, HygieneZone, InspectionResult, WeeklyClean


def zones(active_only: bool = True) -> list[HygieneZone]:
    stmt = (select(HygieneZone).options(joinedload(HygieneZone.department), joinedload(HygieneZone.appointed))
            .order_by(HygieneZone.sort_order, HygieneZone.id))
    if active_only:
        stmt = stmt.where(HygieneZone.active)
    return list(db.session.scalars(stmt))


def zone(zone_id: int) -> HygieneZone | None:
    return db.session.scalar(select(HygieneZone).options(joinedload(HygieneZone.department),
                                                         joinedload(HygieneZone.appointed))
                             .where(HygieneZone.id == zone_id))


def rota_departments() -> list[int]:
    """The departments that take turns at the weekly collective clean, in the company's order."""
    return list(db.session.scalars(select(Department.id).where(Department.active)
                                   .order_by(Department.sort_order, Department.id)))


def rota(monday: date) -> dict[int, int]:
    """Shared place -> the department on the rota the week of `monday` (rules.weekly_rota); worked
    out once per request and week (a page asks it for every place)."""
    departments, shared = request_cache.once("hygiene_rota", None, lambda: (rota_departments(), list(db.session.scalars(
        select(HygieneZone.id).where(HygieneZone.active, HygieneZone.kind == rules.SHARED)
        .order_by(HygieneZone.sort_order, HygieneZone.id)))))
    return request_cache.once("hygiene_rota_week", monday, lambda: rules.weekly_rota(departments, shared, monday))


def answering(zone: HygieneZone, today: date) -> int | None:
    """The department that answers for `zone` this week."""
    return rules.answering_department(zone.kind, zone.department_id, rota(rules.monday_of(today)).get(zone.id))


def places_of(department_id: int | None, person_id: int, today: date) -> list[str]:
    """The places someone answers for this week, in the company's order: their department's, the
    shared place their department has on this week's rota, the one they were appointed to (the
    home page: one statement, the places and the rota's departments together)."""
    rows = db.session.connection().execute(_places_and_rota()).all()
    places = sorted((r for r in rows if r.kind != _ROTA), key=lambda r: (r.sort_order, r.id))
    departments = [r.id for r in sorted((r for r in rows if r.kind == _ROTA), key=lambda r: (r.sort_order, r.id))]
    rota = rules.weekly_rota(departments, [p.id for p in places if p.kind == rules.SHARED], rules.monday_of(today))
    return [p.name for p in places
            if rules.keeps(p.kind, p.department_id, p.appointed_id, rota.get(p.id), department_id, person_id)]


_ROTA = "rota"     # a row of `_places_and_rota` that is a department taking its turn, not a place


@prepared
def _places_and_rota():
    places = select(HygieneZone.id, HygieneZone.name, HygieneZone.kind, HygieneZone.department_id,
                    HygieneZone.appointed_id, HygieneZone.sort_order).where(HygieneZone.active)
    departments = select(Department.id, literal("", String), literal(_ROTA, String), null().cast(Integer),
                         null().cast(Integer), Department.sort_order).where(Department.active)
    return union_all(places, departments)


def latest_scores() -> dict[int, tuple[int | None, datetime]]:
    """Each place's latest inspection: (score, when), kept per worker until the next inspection
    (a pass over every inspection ever made)."""
    return derived_cache.remembered("hygiene_latest_scores", None, _latest_scores)


def _latest_scores() -> dict[int, tuple[int | None, datetime]]:
    latest = (select(HygieneInspection.zone_id, func.max(HygieneInspection.id).label("id"))
              .group_by(HygieneInspection.zone_id).subquery())
    return {zone_id: (score, at) for zone_id, score, at in db.session.execute(
        select(HygieneInspection.zone_id, HygieneInspection.score, HygieneInspection.inspected_at)
        .join(latest, latest.c.id == HygieneInspection.id)).all()}


derived_cache.follow(HygieneInspection)


def month_scores(starts: datetime, ends: datetime) -> list[tuple[int, int | None, int | None]]:
    """(zone, answering department, score) of every inspection in UTC [starts, ends), kept per
    worker until the next inspection."""
    return derived_cache.remembered("hygiene_month_scores", (starts, ends), lambda: _month_scores(starts, ends))


def _month_scores(starts: datetime, ends: datetime) -> list[tuple[int, int | None, int | None]]:
    return [tuple(r) for r in db.session.execute(
        select(HygieneInspection.zone_id, HygieneInspection.department_id, HygieneInspection.score)
        .where(HygieneInspection.inspected_at >= starts, HygieneInspection.inspected_at < ends)).all()]


def monthly_department_scores(starts: datetime, ends: datetime) -> list[tuple[int, str, int | None]]:
    """(department, "YYYY-MM", score) averaged per month over UTC [starts, ends), for the trend;
    kept per worker until the next inspection (half a year of them)."""
    return derived_cache.remembered("hygiene_monthly_department_scores", (starts, ends),
                                    lambda: _monthly_department_scores(starts, ends))


def _monthly_department_scores(starts: datetime, ends: datetime) -> list[tuple[int, str, int | None]]:
    month = func.substr(func.cast(HygieneInspection.inspected_at, db.String), 1, 7)
    return [tuple(r) for r in db.session.execute(
        select(HygieneInspection.department_id, month, func.avg(HygieneInspection.score))
        .where(HygieneInspection.inspected_at >= starts, HygieneInspection.inspected_at < ends,
               HygieneInspection.department_id.is_not(None), HygieneInspection.score.is_not(None))
        .group_by(HygieneInspection.department_id, month)).all()]


def inspections(limit: int = 30) -> list[HygieneInspection]:
    return list(db.session.scalars(
        select(HygieneInspection).options(joinedload(HygieneInspection.zone), joinedload(HygieneInspection.inspected_by))
        .order_by(HygieneInspection.inspected_at.desc(), HygieneInspection.id.desc()).limit(limit)))


def inspection(inspection_id: int) -> HygieneInspection | None:
    return db.session.scalar(select(HygieneInspection).options(
        joinedload(HygieneInspection.zone), joinedload(HygieneInspection.inspected_by),
        joinedload(HygieneInspection.department), selectinload(HygieneInspection.results))
        .where(HygieneInspection.id == inspection_id))


def result(result_id: int) -> InspectionResult | None:
    return db.session.get(InspectionResult, result_id)


def _fixes():
    return select(HygieneFix).options(joinedload(HygieneFix.zone), joinedload(HygieneFix.department),
                                      joinedload(HygieneFix.result), joinedload(HygieneFix.fixed_by))


def fixes_for(department_id: int | None, person_id: int) -> list[HygieneFix]:
    """Open fixes the user's department (or the user, for the GM's office) must put right."""
    return list(db.session.scalars(_fixes().where(HygieneFix.state == "open", _fixes_of(department_id, person_id))
                                   .order_by(HygieneFix.due, HygieneFix.id)))


def _fixes_of(department_id: int | None, person_id: int):
    return or_(HygieneFix.department_id == department_id, HygieneFix.person_id == person_id)


def fixes_count_query(department_id: int | None, person_id: int) -> Asked:
    return Asked(_open_fixes_count(), {"fixes_department": department_id, "fixes_person": person_id})


@prepared
def _open_fixes_count() -> Select:
    return select(func.count()).select_from(HygieneFix).where(
        HygieneFix.state == "open", or_(HygieneFix.department_id == bindparam("fixes_department"),
                                        HygieneFix.person_id == bindparam("fixes_person")))


def unclosed_fixes() -> list[HygieneFix]:
    """For the office: what is still open or fixed and waiting for a second look."""
    return list(db.session.scalars(_fixes().where(HygieneFix.state != "closed")
                                   .order_by(HygieneFix.state.desc(), HygieneFix.due, HygieneFix.id)))


def fixes_to_check_query() -> Asked:
    return Asked(_fixes_to_check_count())


@prepared
def _fixes_to_check_count() -> Select:
    return select(func.count()).select_from(HygieneFix).where(HygieneFix.state == "fixed")


def fix(fix_id: int) -> HygieneFix | None:
    return db.session.scalar(_fixes().where(HygieneFix.id == fix_id))


def weekly_cleans(*mondays: date) -> dict[tuple[int, date], WeeklyClean]:
    """The weekly cleans of those weeks, by (place, week)."""
    return {(c.zone_id, c.week): c for c in db.session.scalars(
        select(WeeklyClean).options(joinedload(WeeklyClean.done_by)).where(WeeklyClean.week.in_(mondays)))}


def gm_office_clean(day: date) -> GmOfficeClean | None:
    return db.session.scalar(select(GmOfficeClean).options(joinedload(GmOfficeClean.done_by))
                             .where(GmOfficeClean.day == day))


def gm_office_zone() -> HygieneZone | None:
    return request_cache.once("hygiene_gm_office", None, lambda: db.session.scalar(
        select(HygieneZone).options(joinedload(HygieneZone.appointed))
        .where(HygieneZone.active, HygieneZone.kind == rules.GM_OFFICE).limit(1)))


def gm_office_today(day: date) -> tuple[int | None, bool]:
    """(who is appointed to clean the GM's office, whether it was cleaned on `day`) in one
    statement; (None, False) without such a place."""
    row = db.session.connection().execute(_gm_office_today(), {"gm_office_today": day}).first()
    return (row.appointed_id, bool(row.cleaned)) if row else (None, False)


@prepared
def _gm_office_today() -> Select:
    cleaned = select(GmOfficeClean.id).where(GmOfficeClean.day == bindparam("gm_office_today")).exists()
    return (select(HygieneZone.appointed_id, cleaned.label("cleaned"))
            .where(HygieneZone.active, HygieneZone.kind == rules.GM_OFFICE).limit(1))


def gm_office_to_clean_query(acting_for, today: date) -> Asked:
    """1 when the GM's office is someone's in `acting_for` to clean and not cleaned today, else 0
    (a query of one number, for the home page)."""
    return Asked(_gm_office_to_clean(), {"gm_office_acting": list(acting_for), "gm_office_day": today})


@prepared
def _gm_office_to_clean() -> Select:
    done = select(GmOfficeClean.id).where(GmOfficeClean.day == bindparam("gm_office_day")).exists()
    return select(func.count()).select_from(HygieneZone).where(
        HygieneZone.active, HygieneZone.kind == rules.GM_OFFICE,
        HygieneZone.appointed_id.in_(bindparam("gm_office_acting", expanding=True)), ~done)


def departments() -> dict[int, str]:
    return dict(db.session.execute(select(Department.id, Department.name)).all())

"""Regulation 2 (卫生管理制度) as pure functions: the standard as a checklist per kind of place,
an inspection's score, who answers for a place, the rota of the weekly collective clean, and
whether the GM's office was cleaned before work started."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..workdays.rules import HALF_DAY_HOURS, WorkingCalendar

# --- the places (§三, §四) ------------------------------------------------------------------------

DEPARTMENT_OFFICE = "department_office"   # 各部门办公室: the department (its head answers)
SHARED = "shared"                         # 会议室, 楼道, 走廊, 大厅: everyone, a weekly rota of departments
WASHROOM = "washroom"                     # 洗手间, 院内厕所: the guards
GUARD_ROOM = "guard_room"                 # 警卫室: the guards
GM_OFFICE = "gm_office"                   # 总经理办公室: one person appointed by the office
ZONE_KINDS = (DEPARTMENT_OFFICE, SHARED, WASHROOM, GUARD_ROOM, GM_OFFICE)

# --- the standard (§二), item by item, and which items each kind of place is judged on ---------------

ITEMS = ("doors_windows", "floor", "walls", "lamps", "bookcases", "desks", "chairs", "computers",
         "toilet_clean", "toilet_fittings", "toilet_floor", "toilet_dry")
OFFICE_ITEMS = ("doors_windows", "floor", "walls", "lamps", "bookcases", "desks", "chairs", "computers")
ITEMS_OF_KIND = {
    DEPARTMENT_OFFICE: OFFICE_ITEMS,
    GM_OFFICE: OFFICE_ITEMS,
    SHARED: ("doors_windows", "floor", "walls", "lamps", "chairs"),
    GUARD_ROOM: ("doors_windows", "floor", "walls", "lamps", "desks", "chairs"),
    WASHROOM: ("doors_windows", "walls", "toilet_clean", "toilet_fittings", "toilet_floor", "toilet_dry"),
}

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "na"
RESULTS = (PASS, FAIL, NOT_APPLICABLE)


def items_for(kind: str) -> tuple[str, ...]:
    return ITEMS_OF_KIND[kind]


def inspection_score(results: Mapping[str, str]) -> int | None:
    """The share of passes among the judged items (pass or fail; "na" is not judged), as a whole
    percentage rounded half up; None when nothing was judged."""
    judged = [r for r in results.values() if r in (PASS, FAIL)]
    if not judged:
        return None
    share = Decimal(sum(1 for r in judged if r == PASS)) * 100 / len(judged)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def average_score(scores: Sequence[int | None]) -> int | None:
    """A month's score of a place or a department: the mean of its inspections' scores, rounded
    half up; None when none was scored."""
    scored = [s for s in scores if s is not None]
    if not scored:
        return None
    return int((Decimal(sum(scored)) / len(scored)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ranking(scores: Mapping[object, int | None]) -> list[tuple[int, object, int]]:
    """(place, key, score) from best to worst, equal scores sharing a place (1, 2, 2, 4);
    unscored keys are left out."""
    ordered = sorted(((s, k) for k, s in scores.items() if s is not None), key=lambda p: -p[0])
    ranked, place = [], 0
    for n, (score, key) in enumerate(ordered, start=1):
        if n == 1 or score != ordered[n - 2][0]:
            place = n
        ranked.append((place, key, score))
    return ranked


def next_in_round(zone_ids: Sequence[int], current: int) -> int | None:
    """The place after `current` on the office's round (back to the first after the last)."""
    if not zone_ids:
        return None
    if current not in zone_ids:
        return zone_ids[0]
    return zone_ids[(list(zone_ids).index(current) + 1) % len(zone_ids)]


# --- who answers for a place ----------------------------------------------------------------------

def answering_department(kind: str, zone_department_id: int | None, rota_department_id: int | None) -> int | None:
    """The department that answers for a place now: a shared place's department on this week's
    rota; any other place its own department (a department's offices; the guards for washrooms,
    the guard room and the yard toilets); the GM's office none (a person answers)."""
    if kind == SHARED:
        return rota_department_id
    if kind == GM_OFFICE:
        return None
    return zone_department_id


def keeps(kind: str, zone_department_id: int | None, appointed_id: int | None, rota_department_id: int | None,
          department_id: int | None, person_id: int) -> bool:
    """Whether a place is the person's to keep clean this week: their department answers for it,
    or they were appointed to it (the GM's office)."""
    return appointed_id == person_id or (department_id is not None and answering_department(
        kind, zone_department_id, rota_department_id) == department_id)


def weekly_rota(department_ids: Sequence[int], zone_ids: Sequence[int], monday: date) -> dict[int, int]:
    """Which department cleans each shared place in the week starting `monday` (the collective
    clean, §五): the departments take turns, one place each, moving on by one every week."""
    if not department_ids or not zone_ids:
        return {}
    week = monday.toordinal() // 7
    return {zone: department_ids[(week + n) % len(department_ids)] for n, zone in enumerate(zone_ids)}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- the GM's office: cleaned before work starts (§四) ---------------------------------------------

DAY_STARTS = HALF_DAY_HOURS["am"][0]


def gm_office_due(day: date, calendar: WorkingCalendar) -> bool:
    """Whether the GM's office must be cleaned that day (working days)."""
    return calendar.is_working_day(day)


def gm_office_late(day: date, now: datetime, done_at: datetime | None, calendar: WorkingCalendar,
                   day_starts: time = DAY_STARTS) -> bool:
    """Whether the GM's office was not cleaned before work started on `day` (naive local times):
    due that day, work has started, and it was not done before then."""
    if not gm_office_due(day, calendar):
        return False
    starts = datetime.combine(day, day_starts)
    if now < starts:
        return False
    return done_at is None or done_at > starts


# --- a failure is fixed by the next working day ---------------------------------------------------

def fix_due(inspected: date, calendar: WorkingCalendar) -> date:
    """A failed item is put right by the end of the next working day after the inspection."""
    return calendar.next_working_day(inspected)


def fix_overdue(due: date, today: date) -> bool:
    return today > due

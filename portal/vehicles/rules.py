"""Regulation 3 (车辆管理制度) as pure functions: the order in which the office serves car
requests and why, when a car is normally given at all, when every car must be in the compound,
fuel by distance against each car's norm, and who bears a fine or an accident's cost."""

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from decimal import Decimal

from ..workdays.rules import HALF_DAY_HOURS, WorkingCalendar

# --- requests and their order (§ 用车原则) ------------------------------------------------------

RANKS = ("staff", "department_head", "branch_manager", "deputy_manager", "general_manager")
# Superiors before subordinates: the GM, then deputy managers, then department heads and branch
# managers as one level, then staff. A lower number is served first.
RANK_LEVEL = {"general_manager": 0, "deputy_manager": 1, "department_head": 2, "branch_manager": 2, "staff": 3}
LEADER_RANKS = frozenset({"deputy_manager", "general_manager"})

URGENT, ORDINARY = "urgent", "ordinary"
URGENCIES = (URGENT, ORDINARY)
WORK, RECEPTION, OTHER = "work", "reception", "other"
PURPOSES = (WORK, RECEPTION, OTHER)

# Why one request goes before another, the regulation's three principles in its order, then
# first come, first served.
BY_RANK, BY_URGENCY, BY_PURPOSE, BY_TIME = "rank", "urgency", "purpose", "earlier"
REASONS = (BY_RANK, BY_URGENCY, BY_PURPOSE, BY_TIME)


def _place(request: Mapping) -> tuple:
    return (RANK_LEVEL[request["rank"]],
            0 if request["urgency"] == URGENT else 1,
            0 if request["purpose"] in (WORK, RECEPTION) else 1,
            request["requested_at"])


def dispatch_order(requests: Sequence[Mapping]) -> list:
    """The ids of `requests` in the order the office serves them: superiors before subordinates,
    then urgent before ordinary, then work and reception before anything else, then first come,
    first served (the id decides between two filed at the same instant)."""
    return [r["id"] for r in sorted(requests, key=lambda r: (*_place(r), r["id"]))]


def dispatch_reason(first: Mapping, second: Mapping) -> str | None:
    """Which principle puts `first` before `second` ("rank", "urgency", "purpose" or "earlier");
    None when `first` does not go before `second`."""
    for reason, mine, theirs in zip(REASONS, _place(first), _place(second)):
        if mine != theirs:
            return reason if mine < theirs else None
    return None


def queue_reasons(requests: Sequence[Mapping]) -> dict:
    """Each request's reason for its place in `dispatch_order`: why it goes before the next one
    (the last: before nobody, None)."""
    by_id = {r["id"]: r for r in requests}
    order = dispatch_order(requests)
    return {rid: dispatch_reason(by_id[rid], by_id[following]) if following is not None else None
            for rid, following in zip(order, [*order[1:], None])}


def place_in_queue(waiting: Sequence[Mapping], mine: Mapping) -> tuple[int, str | None]:
    """Where request `mine` would stand among `waiting` (1 = served first), and why the one
    before it goes first (None when it would be first)."""
    facts = [*waiting, mine]
    order = dispatch_order(facts)
    place = order.index(mine["id"]) + 1
    if place == 1:
        return 1, None
    before = next(f for f in facts if f["id"] == order[place - 2])
    return place, dispatch_reason(before, mine)


# --- whether a car is normally given -------------------------------------------------------------

GOVERNMENT, WORK_SITE, OTHER_PLACE = "government", "work_site", "other"
DESTINATIONS = (GOVERNMENT, WORK_SITE, OTHER_PLACE)


def car_needed(passengers: int, within_town: bool, requester_rank: str, destination: str) -> bool:
    """Whether a car is normally given (原则上): not for one person going inside the town to an
    ordinary place, unless a company leader asks; trips to government offices (有关部门) or
    work sites (工地) always qualify. The office may still assign one, with a recorded reason."""
    if requester_rank in LEADER_RANKS or destination in (GOVERNMENT, WORK_SITE):
        return True
    return not (passengers <= 1 and within_town)


# --- approvals before dispatch (§三, §四) --------------------------------------------------------

BY_GENERAL_MANAGER, BY_OWNING_HEAD = "general_manager", "owning_head"


def pre_approval(outside_org: bool, car_department_id: int | None, requester_department_id: int) -> str | None:
    """Who must agree before the office may dispatch: the general manager when the car is lent to
    another organisation (外单位借车); the head of the department a wanted car belongs to (the van
    of 投资发展部) when another department asks for it; nobody otherwise."""
    if outside_org:
        return BY_GENERAL_MANAGER
    if car_department_id is not None and car_department_id != requester_department_id:
        return BY_OWNING_HEAD
    return None


def car_offered(car_department_id: int | None, car_id: int, request_department_id: int,
                wanted_car_id: int | None) -> bool:
    """Whether the office may give a car to a request: a car of its pool, a car of the
    requester's own department, or the car they asked for (approved beforehand). A department's
    car (the van) is not handed to others unasked."""
    if wanted_car_id is not None:
        return car_id == wanted_car_id
    return car_department_id is None or car_department_id == request_department_id


# --- parking: after hours and on holidays every car is in the compound ------------------------

DAY_STARTS, DAY_ENDS = HALF_DAY_HOURS["am"][0], HALF_DAY_HOURS["pm"][1]


def must_be_in_compound(at: datetime, calendar: WorkingCalendar,
                        day_starts: time = DAY_STARTS, day_ends: time = DAY_ENDS) -> bool:
    """Whether every car must be parked in the compound at `at` (naive local time): before the
    working day starts or after it ends on a working day, and all day on a non-working day of the
    calendar (a make-up working day is a working day)."""
    if not calendar.is_working_day(at.date()):
        return True
    return not (day_starts <= at.time() < day_ends)


# --- fuel ----------------------------------------------------------------------------------------

LITRES = Decimal("0.01")


def fuel_allowance(distance_km: Decimal, norm_l_per_100km: Decimal) -> Decimal:
    """Litres issued for a distance: distance × the car's norm / 100 (to the centilitre)."""
    return (Decimal(distance_km) * Decimal(norm_l_per_100km) / 100).quantize(LITRES)


# --- fines and accident costs ----------------------------------------------------------------

DRIVER_LIABLE_CAUSES = ("unlicensed", "unauthorised_lending", "traffic_violation")
COMPANY_DECIDES_CAUSES = ("accident", "force_majeure")
CAUSES = DRIVER_LIABLE_CAUSES + COMPANY_DECIDES_CAUSES


def driver_liable(cause: str) -> bool:
    """Whether the driver bears the fines and losses: driving unlicensed, lending the car without
    permission, breaking traffic rules. Otherwise the company decides case by case."""
    if cause not in CAUSES:
        raise ValueError(f"unknown cause {cause!r}")
    return cause in DRIVER_LIABLE_CAUSES



# --- repairs at the designated garage (§六) -----------------------------------------------------

# The driver lists the items; the office forwards them to the GM; the GM approves or refuses;
# the office records the repair done at the designated garage.
LISTED, FORWARDED, APPROVED, REFUSED, DONE = "listed", "forwarded", "approved", "refused", "done"
REPAIR_STATES = (LISTED, FORWARDED, APPROVED, REFUSED, DONE)
REPAIR_OPEN = (LISTED, FORWARDED, APPROVED)


def repair_items(text: str) -> list[str]:
    """The driver's list, one item a line (numbering and blank lines dropped)."""
    items = []
    for line in text.splitlines():
        item = line.strip().lstrip("0123456789.、)）-·• ").strip()
        if item:
            items.append(item)
    return items


# --- the gate ------------------------------------------------------------------------------------

OUT, IN = "out", "in"
READING_BELOW_LAST, READING_TOO_FAR = "below_last", "too_far"
MAX_KM_BETWEEN_READINGS = 2000       # a county car in a day or two; more is a typing slip


def odometer_problem(last_km: int | None, reading_km: int) -> str | None:
    """What is wrong with an odometer reading at the gate, if anything: never below the last
    reading of that car, and not implausibly far beyond it."""
    if reading_km < 0 or (last_km is not None and reading_km < last_km):
        return READING_BELOW_LAST
    if last_km is not None and reading_km - last_km > MAX_KM_BETWEEN_READINGS:
        return READING_TOO_FAR
    return None


def next_direction(last_direction: str | None) -> str:
    """A car in the compound goes out next; a car outside comes in."""
    return IN if last_direction == OUT else OUT


def busy(bookings, starts: datetime, ends: datetime) -> set:
    """Of `bookings` — (who or what, start, end) — those whose time overlaps [starts, ends)."""
    return {owner for owner, start, end in bookings if start < ends and starts < end}


# --- papers: insurance and road fees on time -------------------------------------------------------

PAPERS_NOTICE_DAYS = 30
DUE_OVERDUE, DUE_SOON = "overdue", "soon"


def paper_status(due, today) -> str | None:
    """Whether a due date (insurance, road fee) is past ("overdue"), within 30 days ("soon")
    or neither (None, also when none is recorded)."""
    if due is None:
        return None
    if due < today:
        return DUE_OVERDUE
    return DUE_SOON if (due - today).days <= PAPERS_NOTICE_DAYS else None


def can_see_trip(viewer_id: int, viewer_roles, viewer_rank: str, requester_id: int | None, driver_id: int) -> bool:
    """Who may read a trip sheet: the requester, the driver, the office and the general manager."""
    return (viewer_id in (requester_id, driver_id) or "office" in viewer_roles
            or viewer_rank == "general_manager")


def trip_distance(readings) -> int | None:
    """A trip's distance from the gate's odometer readings (out, then in): the last reading less
    the first; None until the car is back."""
    readings = list(readings)
    if len(readings) < 2:
        return None
    return readings[-1] - readings[0]


# --- the month's fuel against each car's norm ------------------------------------------------------

def reimbursable(designated: bool, approved_beforehand: bool) -> bool:
    """Fuel bought away from the designated station is reimbursed only with a leader's approval
    given beforehand."""
    return designated or approved_beforehand


def month_distance(before_km: int | None, readings_km) -> int:
    """The distance a car drove in a month from the gate's odometer readings: its last reading
    of the month less its last reading before the month (or, for a car new to the log, its
    first reading of the month); 0 without readings."""
    readings = list(readings_km)
    if not readings:
        return 0
    start = before_km if before_km is not None else readings[0]
    return max(readings[-1] - start, 0)


def reconcile(distance_km: int, norm_l_per_100km: Decimal, litres_issued: Decimal) -> dict:
    """A car's month: the allowance for its distance, the litres issued, the difference (issued
    less allowance) and its share of the allowance; `over` when more was issued than allowed."""
    allowance = fuel_allowance(Decimal(distance_km), norm_l_per_100km)
    difference = (Decimal(litres_issued) - allowance).quantize(LITRES)
    share = (difference / allowance * 100).quantize(Decimal("0.1")) if allowance else None
    return {"allowance": allowance, "issued": Decimal(litres_issued).quantize(LITRES), "difference": difference,
            "share": share, "over": difference > 0}

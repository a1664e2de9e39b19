"""The customer-service regulations as pure functions: the urgency of each situation regulation
9 lists and its time limits (wall-clock, day and night), regulation 13's stricter promises for
repair calls, air locks and blockages, and the 15 working days to answer a connection
application."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ..workdays.rules import WorkingCalendar

# --- urgency (限时服务制度 一、二、三) -------------------------------------------------------------

EMERGENCY, URGENT, ORDINARY = "emergency", "urgent", "ordinary"
URGENCIES = (EMERGENCY, URGENT, ORDINARY)

SITUATIONS = {
    # 紧急
    "main_leak": EMERGENCY, "resident_leak": EMERGENCY, "building_cold": EMERGENCY,
    "hotline_transfer": EMERGENCY, "petition_risk": EMERGENCY, "leadership_pressed": EMERGENCY,
    # 急
    "drip": URGENT, "air_or_blockage": URGENT, "clean_separator": URGENT, "staff_complaint": URGENT,
    "measure_today": URGENT,
    # 一般
    "area_recheck": ORDINARY, "measure_request": ORDINARY, "fee_reduction": ORDINARY, "design_cold": ORDINARY,
    "ageing_cold": ORDINARY,
}


def classify(situation: str) -> str:
    """The urgency class of a situation the regulation lists."""
    try:
        return SITUATIONS[situation]
    except KeyError:
        raise ValueError(f"unknown situation {situation!r}") from None


def situations_by_urgency() -> dict[str, list[str]]:
    """The situations grouped by class, in the regulation's order (for the intake form)."""
    grouped: dict[str, list[str]] = {u: [] for u in URGENCIES}
    for situation, urgency in SITUATIONS.items():
        grouped[urgency].append(situation)
    return grouped


# --- time limits (限时服务制度 四; 服务承诺制度 三、4) ----------------------------------------------------

ARRIVAL = {EMERGENCY: timedelta(minutes=30), URGENT: timedelta(hours=12), ORDINARY: timedelta(hours=24)}
REPAIR_CALL_PROMISE = timedelta(minutes=60)        # regulation 13: on site within 60 minutes
CLEAR = {"air_lock": timedelta(hours=3), "blockage": timedelta(hours=24)}
REPAIR = "repair"
CATEGORIES = (REPAIR, "heating_quality", "billing", "connection", "other")


def arrival_deadline(received_at: datetime, urgency: str) -> datetime:
    """On site within 30 minutes (emergency), 12 hours (urgent), 24 hours (ordinary: on site, or
    an appointment agreed by phone) — wall-clock, day and night, weekends and holidays alike."""
    return received_at + ARRIVAL[urgency]


def promised_arrival(received_at: datetime, urgency: str, category: str) -> datetime:
    """The limit that binds: regulation 9's, or for a repair call regulation 13's 60 minutes
    when that is stricter."""
    deadline = arrival_deadline(received_at, urgency)
    if category == REPAIR:
        return min(deadline, received_at + REPAIR_CALL_PROMISE)
    return deadline


def clear_deadline(received_at: datetime, fault: str) -> datetime | None:
    """An air lock (集气) cleared within 3 hours, a blockage (物堵) within 24 hours; None otherwise."""
    limit = CLEAR.get(fault)
    return received_at + limit if limit else None


def minutes_left(deadline: datetime, now: datetime) -> int:
    """Whole minutes until the deadline (negative once overdue; a minute begun counts as left)."""
    seconds = (deadline - now).total_seconds()
    return int(seconds // 60) if seconds < 0 else -int(-seconds // 60)


WARN_BEFORE = {EMERGENCY: timedelta(minutes=10), URGENT: timedelta(hours=2), ORDINARY: timedelta(hours=4)}


def warning_due(deadline: datetime, urgency: str, now: datetime) -> bool:
    """Whether the manager in charge is warned: the deadline is near and not yet passed."""
    return deadline - WARN_BEFORE[urgency] <= now < deadline


# --- connection applications (服务承诺制度 三、3) ------------------------------------------------------

ANSWER_WITHIN_WORKING_DAYS = 15


def answer_deadline(applied_on: date, calendar: WorkingCalendar) -> date:
    """The 15th working day after the application date (the day itself does not count)."""
    return calendar.nth_working_day_after(applied_on, ANSWER_WITHIN_WORKING_DAYS)


# --- the first-contact ledger (首问责任人制度) ---------------------------------------------------------

CHANNELS = ("phone", "visit", "letter", "hotline_12345", "hotline_8901890", "hotline_12319")
CONTACT_OUTCOMES = ("answered", "told_missing", "passed_on")


def contact_owner(receiver_id: int, accepted_by: int | None) -> int:
    """Who owns a contact: whoever first received it, until someone of the department it was
    passed to accepts it (首问责任: passing it on alone does not end the receiver's duty)."""
    return accepted_by if accepted_by is not None else receiver_id


# --- complaints (用户投诉处理服务制度) ------------------------------------------------------------------

OWNER, ASKED_UNIT, FIXED, PLAN, EXPLAINED, TOLD_RESULT, CLOSED, CORRECTION = (
    "owner", "asked_unit", "fixed", "plan", "explained", "told_result", "closed", "correction")
ENTRY_KINDS = (OWNER, ASKED_UNIT, FIXED, PLAN, EXPLAINED, TOLD_RESULT, CLOSED, CORRECTION)
STEP_KINDS = (ASKED_UNIT, FIXED, PLAN, EXPLAINED, TOLD_RESULT)    # what the owner records along the way


def complaint_state(entries) -> dict:
    """What a complaint's entries (id, kind, owner id, id of the entry it corrects — in the order
    added) amount to: its owner now, whether the result was told, whether it is closed. A
    correction takes the entry it corrects out of the reckoning (that entry stays, as all do)."""
    corrected = {corrects for _id, kind, _owner, corrects in entries if kind == CORRECTION and corrects}
    owner, told, closed = None, False, False
    for entry_id, kind, owner_id, _corrects in entries:
        if entry_id in corrected:
            continue
        if kind == OWNER:
            owner = owner_id
        told = told or kind == TOLD_RESULT
        closed = closed or kind == CLOSED
    return {"owner": owner, "told": told, "closed": closed}


CLOSED_ALREADY, NO_KIND, NOT_TOLD, NO_OWNER, NO_CORRECTED_ENTRY, NO_TEXT = (
    "closed_already", "no_kind", "not_told", "no_owner", "no_corrected_entry", "no_text")


def entry_problem(state: dict, kind: str, text: str, owner_known: bool, corrects_known: bool) -> str | None:
    """Why an entry cannot be added to a complaint, or None: nothing is added once it is closed;
    it closes only once the result was told; a new owner must be someone; a correction names the
    entry it corrects and says why; a step says what was done or said."""
    if state["closed"]:
        return CLOSED_ALREADY
    if kind not in ENTRY_KINDS:
        return NO_KIND
    if kind == CLOSED and not may_close(state):
        return NOT_TOLD
    if kind == OWNER and not owner_known:
        return NO_OWNER
    if kind == CORRECTION and not (corrects_known and text):
        return NO_CORRECTED_ENTRY
    if kind in STEP_KINDS and not text:
        return NO_TEXT
    return None


def may_close(state: dict) -> bool:
    """A complaint is closed only once its result was told to the complainant (100 % handled)."""
    return state["told"] and not state["closed"]


# --- return visits (用户回访制度) ---------------------------------------------------------------------

SATISFIED, BASICALLY, UNSATISFIED = "satisfied", "basically", "unsatisfied"
SATISFACTION = (SATISFIED, BASICALLY, UNSATISFIED)
VISIT_METHODS = ("phone", "visit")
TICKET_SAMPLE_EVERY = 5          # "a sample of tickets": every fifth cleared ticket is called back


def sent_back(satisfaction: str, in_time: bool, matches_record: bool) -> bool:
    """An unsatisfied resident, a case not handled in time, or a record that does not match what
    the resident says goes back to the department to be handled again (§二、3)."""
    return satisfaction == UNSATISFIED or not in_time or not matches_record


def sampled(ticket_id: int) -> bool:
    return ticket_id % TICKET_SAMPLE_EVERY == 0


def coverage(visited: int, handled: int) -> int | None:
    """Return visits done as a whole percentage of the complaints handled (None: none handled)."""
    if handled == 0:
        return None
    return round(100 * min(visited, handled) / handled)


# --- one-stop connection applications (“一站式”服务制度) --------------------------------------------------

def connection_state(decisions) -> str:
    """Approved once every department approved (in parallel, in any order); refused as soon as
    one refused; pending otherwise."""
    decisions = list(decisions)
    if "refused" in decisions:
        return "refused"
    if decisions and all(d == "approved" for d in decisions):
        return "approved"
    return "pending"


def working_days_left(today: date, answer_by: date, calendar: WorkingCalendar) -> int:
    """Working days from tomorrow to the answer's day (0 on that day; negative once it passed)."""
    if today <= answer_by:
        return calendar.count_working_days(today + timedelta(days=1), answer_by) if today < answer_by else 0
    return -calendar.count_working_days(answer_by + timedelta(days=1), today)


# --- the half-monthly report (用户回访制度 二、4) -----------------------------------------------------------

def half_month(day: date) -> tuple[date, date]:
    """The half month `day` falls in: the 1st–15th, or the 16th to the month's end (both included)."""
    if day.day <= 15:
        return day.replace(day=1), day.replace(day=15)
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day.replace(day=16), following - timedelta(days=1)


def share(part: int, whole: int) -> int | None:
    """A whole percentage, None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


# --- the weekly summary for the manager in charge (用户回访制度 二、4) ----------------------------------------

WEEK, HALF_MONTH = "week", "half_month"
SPANS = (WEEK, HALF_MONTH)


def week(day: date) -> tuple[date, date]:
    """The week `day` falls in, Monday to Sunday (both included)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def report_span(span: str) -> str:
    """The span asked for: a week, or — for anything else — the half month (the default)."""
    return WEEK if span == WEEK else HALF_MONTH


def report_period(span: str, day: date) -> tuple[date, date]:
    """The week or the half month `day` falls in."""
    return week(day) if report_span(span) == WEEK else half_month(day)


def last_period(span: str, today: date) -> tuple[date, date]:
    """The last whole week or half month before today's (what a report shows unless asked)."""
    return report_period(span, report_period(span, today)[0] - timedelta(days=1))


# --- the regulation's four categories of return visits (用户回访制度 一) ------------------------------------

HEATING_AND_REPAIRS, CONNECTION_AND_WORKS, FEES, OTHER = "heating_and_repairs", "connection_and_works", "fees", "other"
VISIT_CATEGORIES = (HEATING_AND_REPAIRS, CONNECTION_AND_WORKS, FEES, OTHER)
_VISIT_CATEGORY_OF = {REPAIR: HEATING_AND_REPAIRS, "heating_quality": HEATING_AND_REPAIRS,
                      "connection": CONNECTION_AND_WORKS, "billing": FEES}


def visit_category(category: str | None) -> str:
    """The regulation's category (供热质量和维修, 入网和工程, 收费, 其他) of a complaint's or a
    ticket's category; anything the desk does not name otherwise is 其他."""
    return _VISIT_CATEGORY_OF.get(category or "", OTHER)


def visits_by_category(visits, closed) -> list[dict]:
    """Per regulation category, in its order: the return visits done (`visits`: rows of desk
    category, visits, of which of complaints), the complaints handled (`closed`: rows of desk
    category, complaints closed) and the coverage (complaints visited as a share of those
    handled, None when none was handled)."""
    lines = {c: {"category": c, "visits": 0, "complaint_visits": 0, "closed": 0} for c in VISIT_CATEGORIES}
    for category, count, of_complaints in visits:
        line = lines[visit_category(category)]
        line["visits"] += count
        line["complaint_visits"] += of_complaints
    for category, count in closed:
        lines[visit_category(category)]["closed"] += count
    for line in lines.values():
        line["coverage"] = coverage(line["complaint_visits"], line["closed"])
    return list(lines.values())


# --- the operator's daily quota of return visits ------------------------------------------------------------

def quota_state(done: int, quota: int) -> dict:
    """How far an operator is with today's quota: what remains, how far over it, whether it is met
    (a quota of 0 or less: none set, so nothing remains and nothing is over)."""
    quota = max(quota, 0)
    if quota == 0:
        return {"done": done, "quota": 0, "remaining": 0, "over": 0, "met": True}
    return {"done": done, "quota": quota, "remaining": max(quota - done, 0), "over": max(done - quota, 0),
            "met": done >= quota}


# --- room temperature measurement (用户测温制度, regulation 10) ------------------------------------------------

ROOMS = ("bedroom", "living", "hall", "kitchen", "bathroom", "balcony")
SIGNATURES = ("signed", "signed_with_objection", "refused")
EXEMPTIONS = ("altered_structure", "decoration_or_insulation", "supply_cut", "maintenance_or_trial")
COLDEST_ANSWERABLE_C = Decimal(-11)         # colder than this outside, the company is not answerable
MEASURE_FROM, MEASURE_UNTIL = time(8, 0), time(21, 0)
SETTLE_MINUTES, LASTING_MINUTES = 15, 10
EXEMPT, DEEMED_MEETS, MEETS, BELOW = "exempt", "deemed_meets", "meets", "below"


def room_standard(room: str, heated: bool, open_to_balcony: bool) -> int | None:
    """The standard in ℃ during the heating season: bedrooms and living rooms not open to a
    balcony 18; halls, kitchens and bathrooms with radiators and not open to a balcony, and a
    heated balcony, 16; any other room has none in the regulation (recorded, not judged)."""
    if room in ("bedroom", "living") and not open_to_balcony:
        return 18
    if room in ("hall", "kitchen", "bathroom") and heated and not open_to_balcony:
        return 16
    if room == "balcony" and heated:
        return 16
    return None


def measurement_problems(entered_at: datetime, started_at: datetime, ended_at: datetime,
                         doors_windows_closed: bool) -> list[str]:
    """What makes a measurement invalid under the method (local times): any part outside
    08:00–21:00, started less than 15 minutes after entering, lasting less than 10 minutes,
    doors or windows open. Empty when valid."""
    problems = []
    if started_at.time() < MEASURE_FROM or ended_at.time() > MEASURE_UNTIL or ended_at.date() != started_at.date():
        problems.append("outside_hours")
    if started_at - entered_at < timedelta(minutes=SETTLE_MINUTES):
        problems.append("too_soon")
    if ended_at - started_at < timedelta(minutes=LASTING_MINUTES):
        problems.append("too_short")
    if not doors_windows_closed:
        problems.append("doors_open")
    return problems


def household_verdict(rooms, resident_signature: str, exemption: str | None, outdoor_c: Decimal | None) -> str:
    """`rooms`: (standard or None, reading ℃) pairs. Exempt when the company is not answerable
    (an exemption of the regulation, or colder outside than −11 ℃ — exactly −11 is not); deemed
    to meet when the resident refused to sign; else meets when every room with a standard
    reaches it. An objection does not change the verdict: it asks for a second measurement."""
    if exemption or (outdoor_c is not None and Decimal(outdoor_c) < COLDEST_ANSWERABLE_C):
        return EXEMPT
    if resident_signature == "refused":
        return DEEMED_MEETS
    judged = [(standard, Decimal(reading)) for standard, reading in rooms if standard is not None]
    return MEETS if all(reading >= standard for standard, reading in judged) else BELOW


def heating_season(day: date) -> tuple[date, date]:
    """The heating season `day` belongs to, 15 November to 15 March (both included); outside
    it, the season that ended last (what "this season's" figures mean in summer)."""
    year = day.year if day >= date(day.year, 11, 15) else day.year - 1
    return date(year, 11, 15), date(year + 1, 3, 15)


def compliance_counts(verdicts) -> tuple[int, int]:
    """(households meeting or deemed to meet, households counted) from each household's latest
    valid verdict: exempt ones are left out (the company is not answerable)."""
    counted = [v for v in verdicts if v != EXEMPT]
    return sum(v in (MEETS, DEEMED_MEETS) for v in counted), len(counted)


def month_summary(latest) -> dict:
    """A month's analysis from each household's latest valid verdict — (estate, branch, verdict)
    rows: the company's share meeting the standard, and the same by branch and by estate."""
    def line():
        return {MEETS: 0, DEEMED_MEETS: 0, BELOW: 0, EXEMPT: 0}
    total, branches, estates = line(), {}, {}
    for estate, branch, verdict in latest:
        for tally in (total, branches.setdefault(branch, line()), estates.setdefault(estate, line())):
            tally[verdict] += 1

    def with_share(tally):                # as compliance_counts: exempt households left out
        met = tally[MEETS] + tally[DEEMED_MEETS]
        return {**tally, "met": met, "counted": met + tally[BELOW], "share": share(met, met + tally[BELOW])}
    return {"total": with_share(total), "branches": {b: with_share(t) for b, t in branches.items()},
            "estates": dict(sorted((e, with_share(t)) for e, t in estates.items()))}


# --- a resident's report on the public pages ----------------------------------------------------------------

TRACK_STEPS = ("received", "classified", "on_the_way", "on_site", "cleared")


def track_steps(received_at: datetime, ticket) -> list[tuple[str, datetime | None]]:
    """What a resident following a web report sees: received; classified (customer service called
    back and opened the ticket); on the way (sent to a branch); on site; cleared — each with its
    time, None while not reached. `ticket` has received_at, branch_id, arrived_at, cleared_at."""
    if ticket is None:
        return [("received", received_at)] + [(step, None) for step in TRACK_STEPS[1:]]
    on_the_way = ticket.received_at if ticket.branch_id is not None else ticket.arrived_at
    return [("received", received_at), ("classified", ticket.received_at), ("on_the_way", on_the_way),
            ("on_site", ticket.arrived_at), ("cleared", ticket.cleared_at)]



ENTERED_FIGURES = ("billing_accuracy", "facilities_good")    # regulation 13's figures without records here


def entered_figure_problem(part: int | None, whole: int | None) -> str | None:
    """Why an entered figure cannot stand: both counts needed, none negative, the part not above the whole."""
    if part is None or whole is None:
        return "missing"
    if part < 0 or whole <= 0 or part > whole:
        return "impossible"
    return None

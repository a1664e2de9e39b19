"""Leave and attendance rules (regulation 1 考勤制度, regulation 4 岗位责任制度) as pure
functions: plain values in, plain values out, `now`/`today` passed in, no database.

Working days come from the portal's shared working calendar (`portal.workdays`): public
holidays are off, make-up working days (调休) are on — from the schedule the office entered,
else the `chinesecalendar` package, else (provisionally) the statutory public holidays.
Every date has an answer; nothing is refused for an unknown year.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..workdays.queries import current as _calendar
from ..workdays.rules import HALF_DAY, HALF_DAY_HOURS, WorkingCalendar  # noqa: F401  (HALF_DAY_HOURS: part of this API)
from ..staff.rules import LEADER_RANKS, RANKS  # noqa: F401  (LEADER_RANKS: part of this API)
from ..presence.rules import away_ids, is_away  # noqa: F401  (moved; the names stay)
from ..workdays.months import add_months, month_bounds, parse_month  # noqa: F401  (shared; the names stay)

month_days = month_bounds

# --- vocabulary --------------------------------------------------------------------

GM_RANKS = frozenset({"department_head", "branch_manager", "deputy_manager", "general_manager"})
"""Requesters whose leave the general manager always approves."""

LEAVE_TYPES = {
    "personal": False,
    "sick": False,
    "annual": False,
    "bereavement": False,
    "marriage": True,
    "maternity": True,
}
"""Leave type -> whether proof documents are required (regulation 1 §7)."""

GM_LEAVE_TYPES = frozenset({"marriage", "maternity"})

APPROVER_LEVELS = ("department_head", "deputy_manager", "general_manager")
"""Lowest first. 部门负责人, 分管经理, 总经理."""

PARTS = ("am", "pm")

CANCELLABLE_STATES = frozenset({"submitted", "approved"})

# Reasons returned by resolve_approver.
DIRECT = "direct"
SUBSTITUTE = "substitute"
OWN_REQUEST_UP = "own_request_up"
AWAY_UP = "away_up"
MISSING_UP = "missing_up"
NO_APPROVER = "no_approver"

# Alarms returned by absence_alarms.
TALK = "talk"          # 约谈: 30 days in 3 months
EXCLUDE = "exclude"    # no awards, promotions or grade rises; reported to the bureau: 60 in 6 months
ALARM_RULES = ((TALK, 3, 30), (EXCLUDE, 6, 60))   # (alarm, months, days)
ALARM_ARTICLE = 4   # where the attendance regulation says so: 考勤制度第四条 (#art-4 in the handbook)

# Attendance register codes (kept by department heads, spot-checked by inspection/labour).
PRESENT = "present"
LATE = "late"
LEFT_EARLY = "left_early"
ON_LEAVE = "on_leave"
BUSINESS_TRIP = "business_trip"
ON_DUTY = "on_duty"
ABSENT = "absent"           # 旷工
ATTENDANCE_CODES = (PRESENT, LATE, LEFT_EARLY, ON_LEAVE, BUSINESS_TRIP, ON_DUTY, ABSENT)

ABSENT_REASONS = (
    "left_without_approval",        # 未经批准撤离岗位 / 擅自离岗 / unapproved leave (§3, §7; reg. 7)
    "skipped_organised_activity",   # meeting, training, exam, team activity (§6)
    "games_or_chatting",            # cards, chess, chatting at work: that day (§5)
    "missed_duty_shift",            # holiday duty left empty (§8)
)

ACCOUNTED_CODES = frozenset({PRESENT, ON_DUTY, ON_LEAVE, BUSINESS_TRIP})
FAULT_CODES = frozenset({LATE, LEFT_EARLY, ABSENT})


# --- errors ------------------------------------------------------------------------

class InvalidRange(ValueError):
    """The end of a leave lies before its start."""


class NoWorkingDay(ValueError):
    """A leave that covers no working half day."""


# --- the working calendar (portal.workdays) ----------------------------------------------

def is_working_day(day: date) -> bool:
    """True on Mon–Fri that are not public holidays, and on make-up working days (调休)."""
    return _calendar().is_working_day(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return _calendar().next_working_day(day)


def _check_range(start: date, start_part: str, end: date, end_part: str) -> None:
    for part in (start_part, end_part):
        if part not in PARTS:
            raise ValueError(f"unknown half day {part!r}")
    if end < start or (end == start and start_part == "pm" and end_part == "am"):
        raise InvalidRange(f"{end.isoformat()} {end_part} is before {start.isoformat()} {start_part}")


def leave_length(start: date, start_part: str, end: date, end_part: str,
                 calendar: WorkingCalendar | None = None) -> Decimal:
    """Working days from the start of `start_part` of `start` to the end of `end_part` of
    `end`, in half-day steps; a half day on a non-working day counts 0. On `calendar`, by
    default the portal's. Raises InvalidRange or NoWorkingDay."""
    _check_range(start, start_part, end, end_part)
    calendar = calendar or _calendar()
    halves = 0
    day = start
    while day <= end:
        first = "pm" if day == start and start_part == "pm" else "am"
        last = "am" if day == end and end_part == "am" else "pm"
        if calendar.is_working_day(day):
            halves += PARTS.index(last) - PARTS.index(first) + 1
        day += timedelta(days=1)
    if not halves:
        raise NoWorkingDay(f"no working day from {start.isoformat()} to {end.isoformat()}")
    return Decimal(halves) / 2


# --- who approves --------------------------------------------------------------------

def approver_for(requester_rank: str, days: Decimal, leave_type: str) -> str:
    """The level that approves (regulation 1 §3, §7): ≤1 day the department head, ≤3 days
    the deputy manager in charge, more the general manager; heads, branch managers,
    deputies (and the GM) and marriage/maternity leave always the general manager."""
    if requester_rank not in RANKS:
        raise ValueError(f"unknown rank {requester_rank!r}")
    if leave_type not in LEAVE_TYPES:
        raise ValueError(f"unknown leave type {leave_type!r}")
    if days <= 0:
        raise ValueError("a leave is longer than 0 days")
    if requester_rank in GM_RANKS or leave_type in GM_LEAVE_TYPES or days > 3:
        return "general_manager"
    if days > 1:
        return "deputy_manager"
    return "department_head"


def next_level_up(level: str) -> str:
    """department_head -> deputy_manager -> general_manager -> general_manager."""
    if level not in APPROVER_LEVELS:
        raise ValueError(f"unknown approver level {level!r}")
    return APPROVER_LEVELS[min(APPROVER_LEVELS.index(level) + 1, len(APPROVER_LEVELS) - 1)]


def resolve_approver(level: str, candidates: Mapping[str, int | None], requester_id: int,
                     away_ids: Collection[int], substitutes: Mapping[int, int | None],
                     ) -> tuple[int | None, int | None, str]:
    """Who decides a request that needs `level`: (approver_of_record_id, acting_id, reason).

    `candidates` maps each level to the holder's id (None when the post is vacant);
    `substitutes` maps an approver to their post substitute (代岗人) or None. Walking up
    from `level`: a vacant level, or one held by the requester, passes the request up; an
    away holder's substitute decides if present and not the requester, otherwise it goes up.

    reason: "direct" (the holder at `level` decides), "substitute" (their substitute
    decides), or why the request first left `level`: "own_request_up", "away_up",
    "missing_up". At the top, an away GM without a usable substitute stays the acting
    approver (the request waits; acting is then in `away_ids`); the GM's own request, or
    a vacant GM post, gives (None, None, "no_approver").
    """
    if level not in APPROVER_LEVELS:
        raise ValueError(f"unknown approver level {level!r}")
    up_reason = None
    for current in APPROVER_LEVELS[APPROVER_LEVELS.index(level):]:
        at_top = current == APPROVER_LEVELS[-1]
        holder = candidates.get(current)
        if holder is None:
            step = MISSING_UP
        elif holder == requester_id:
            step = OWN_REQUEST_UP
        elif holder not in away_ids:
            return holder, holder, up_reason or DIRECT
        else:
            sub = substitutes.get(holder)
            if sub is not None and sub != requester_id and sub not in away_ids:
                return holder, sub, up_reason or SUBSTITUTE
            if at_top:
                return holder, holder, up_reason or DIRECT
            step = AWAY_UP
        up_reason = up_reason or step
    return None, None, NO_APPROVER


# --- who is away ---------------------------------------------------------------------

def leave_span(start: date, start_part: str, end: date, end_part: str) -> tuple[datetime, datetime]:
    """The local (naive) times a leave keeps someone away: from 08:00 (am) or 13:00 (pm) of
    the start day to 12:00 (am) or 17:30 (pm) of the end day, nights in between included."""
    _check_range(start, start_part, end, end_part)
    return (datetime.combine(start, HALF_DAY_HOURS[start_part][0]),
            datetime.combine(end, HALF_DAY_HOURS[end_part][1]))


def half_days_covering(left_at: datetime, back: datetime) -> tuple[date, str, date, str]:
    """The half days (start, start part, end, end part) a leave needs to cover being away
    from `left_at` to `back` (naive local times): the first is the half day still under way
    or next to begin when one leaves (after 17:30, the next morning), the last the one in
    which one comes back (before 08:00, the day before; before 13:00, the morning). Never
    ends before it starts."""
    day, moment = left_at.date(), left_at.time()
    if moment < HALF_DAY_HOURS["am"][1]:
        first = (day, "am")
    elif moment < HALF_DAY_HOURS["pm"][1]:
        first = (day, "pm")
    else:
        first = (day + timedelta(days=1), "am")
    day, moment = back.date(), back.time()
    if moment <= HALF_DAY_HOURS["am"][0]:
        last = (day - timedelta(days=1), "pm")
    elif moment <= HALF_DAY_HOURS["pm"][0]:
        last = (day, "am")
    else:
        last = (day, "pm")
    if _half_key(*last) < _half_key(*first):
        last = first
    return first + last


def needs_leave_request(left_at: datetime, expected_back: datetime,
                        calendar: WorkingCalendar | None = None) -> bool:
    """Whether stepping out from `left_at` to `expected_back` (naive local times) is leave
    rather than a leave-post notice: more than half a day (HALF_DAY, 4½ hours) of working time
    on the working calendar (`calendar`, by default the portal's). Lunch, evenings and days off
    do not count: a whole morning (08:00–12:00), a whole afternoon (13:00–17:30) or 10:00–14:30
    across lunch is a notice; 08:00–14:00 is leave (regulations 1 and 7)."""
    return (calendar or _calendar()).working_time(left_at, expected_back) > HALF_DAY


# --- absence without leave (旷工) ------------------------------------------------------

def _most_in_window(days: list[date], months: int) -> int:
    """The most of the sorted, distinct `days` inside any window [d, d + months)."""
    best, j = 0, 0
    for i, first in enumerate(days):
        limit = add_months(first, months)
        j = max(j, i)
        while j < len(days) and days[j] < limit:
            j += 1
        best = max(best, j - i)
    return best


def absence_alarms(absent_dates: Mapping[int, Iterable[date]], today: date) -> dict[int, set[str]]:
    """For every employee given: "talk" (约谈) at 30 or more absent days within any
    3-month window [d, d + 3 months), "exclude" at 60 or more within any 6 months.
    Only days up to `today` count; a date listed twice counts once."""
    alarms = {}
    for employee, dates in absent_dates.items():
        days = sorted({d for d in dates if d <= today})
        alarms[employee] = {alarm for alarm, months, limit in ALARM_RULES
                            if _most_in_window(days, months) >= limit}
    return alarms


# --- after the leave -----------------------------------------------------------------

def report_back_due(leave_end: date, end_part: str) -> date:
    """The last day to report back (销假): the first working day the employee is due at
    work after the leave — the end day itself when the leave ends in its morning and it is
    a working day, else the next working day."""
    if end_part not in PARTS:
        raise ValueError(f"unknown half day {end_part!r}")
    if end_part == "am" and is_working_day(leave_end):
        return leave_end
    return next_working_day(leave_end)


def report_back_overdue(leave_end: date, end_part: str, reported_back: bool, today: date) -> bool:
    """Not reported back by the end of `report_back_due`."""
    return not reported_back and today > report_back_due(leave_end, end_part)


def registers_own_leave(requester_rank: str) -> bool:
    """The general manager's own leave is registered, not approved: nobody below him approves
    it. It is approved by being filed and the office sees it."""
    return requester_rank == "general_manager"


def can_cancel(state: str, starts_on: date, today: date) -> bool:
    """A submitted or approved leave can be cancelled until the day before it starts."""
    return state in CANCELLABLE_STATES and today < starts_on


def monthly_allowance(duty_days: int, daily_allowance: Decimal | None) -> Decimal | None:
    """Allowance for approved holiday duty/overtime days (§8); None while the daily amount
    is not set (the regulation leaves it blank). Rounded half up to the fen."""
    if duty_days < 0:
        raise ValueError("duty days cannot be negative")
    if daily_allowance is None:
        return None
    if daily_allowance < 0:
        raise ValueError("the daily allowance cannot be negative")
    return (duty_days * daily_allowance).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- attendance register -------------------------------------------------------------

def check_register_entry(code: str, absent_reason: str | None) -> None:
    """Raise ValueError unless `code` is known and a reason is given exactly when absent."""
    if code not in ATTENDANCE_CODES:
        raise ValueError(f"unknown attendance code {code!r}")
    if code == ABSENT and absent_reason not in ABSENT_REASONS:
        raise ValueError(f"absent needs one of {ABSENT_REASONS}, got {absent_reason!r}")
    if code != ABSENT and absent_reason is not None:
        raise ValueError("only an absence has a reason")


def spot_check_conflicts(head_record: str, spot_check: str) -> bool:
    """Whether a spot check (inspection/labour) contradicts the head's day record (§9).

    Codes are either accounted for (present, on_duty, on_leave, business_trip) or faults
    (late, left_early, absent). They conflict when exactly one side is a fault — the head
    may be covering up, or recording a fault that was not there — except that a head's
    late/left_early agrees with being seen present/on duty at another hour. Two faults, or
    two accounted-for codes, do not conflict.
    """
    for code in (head_record, spot_check):
        if code not in ATTENDANCE_CODES:
            raise ValueError(f"unknown attendance code {code!r}")
    if (head_record in FAULT_CODES) == (spot_check in FAULT_CODES):
        return False
    return not (head_record in {LATE, LEFT_EARLY} and spot_check in {PRESENT, ON_DUTY})


# --- requests: routing, access, life cycle (used by the leave requests pages) ------------

def approver_of_record(level: str, candidates: Mapping[str, int | None], requester_id: int,
                       ) -> tuple[int | None, str | None, str]:
    """Whose approval a request needs, ignoring who is away: (approver_id, their level,
    reason). Walking up from `level`, a vacant post or the requester's own passes it up
    ("missing_up", "own_request_up"); (None, None, "no_approver") when nobody is left."""
    record, _acting, reason = resolve_approver(level, candidates, requester_id, (), {})
    if record is None:
        return None, None, NO_APPROVER
    record_level = next(lv for lv in APPROVER_LEVELS[APPROVER_LEVELS.index(level):]
                        if candidates.get(lv) == record)
    return record, record_level, reason


def acting_approver(record_id: int, record_level: str, candidates: Mapping[str, int | None],
                    requester_id: int, away_ids: Collection[int],
                    substitutes: Mapping[int, int | None]) -> tuple[int | None, str]:
    """Who decides now a request whose approver of record is `record_id` (holding
    `record_level`): (acting_id, reason). The approver of record when present ("direct");
    else their post substitute ("substitute"); else the next level up ("away_up"). The
    approver of record stays so even if the org chart has changed since."""
    _record, acting, reason = resolve_approver(
        record_level, {**candidates, record_level: record_id}, requester_id, away_ids, substitutes)
    return acting, reason


def can_see_request(viewer_id: int, requester_id: int, approver_id: int | None,
                    acting_id: int | None, decided_by_id: int | None) -> bool:
    """A request (and its proof) is seen by the requester and the approvers: of record,
    acting now, and whoever decided it."""
    return viewer_id in {requester_id, approver_id, acting_id, decided_by_id} - {None}


def can_decide(viewer_id: int, state: str, requester_id: int, acting_id: int | None) -> bool:
    """Only the acting approver decides, only a submitted request, never their own."""
    return state == "submitted" and acting_id == viewer_id and viewer_id != requester_id


def can_report_back(state: str, start: date, start_part: str, reported_back: bool, now: datetime) -> bool:
    """An approved leave that has begun — its first half day has started by `now` (local,
    naive) — and is not yet reported back (销假)."""
    return state == "approved" and not reported_back and has_started(start, start_part, now)


def has_started(start: date, start_part: str, now: datetime) -> bool:
    """Whether the leave's first half day has begun by `now` (local, naive): 08:00 of the
    first day for a leave from the morning, 13:00 for one from the afternoon."""
    if start_part not in PARTS:
        raise ValueError(f"unknown half day {start_part!r}")
    return now >= datetime.combine(start, HALF_DAY_HOURS[start_part][0])


def taken_end(start: date, start_part: str, end: date, end_part: str,
              reported_at: datetime) -> tuple[date, str] | None:
    """Where a leave reported back (销假) at `reported_at` (local, naive) really ended, or None
    when it was reported back at or after its planned end. Reporting back early ends the
    leave that day: the half day in which one reports back is the last one taken — the
    morning when reported back before 13:00, else the afternoon — and reported back
    before 08:00, the day before was the last. Never before the first half day."""
    _check_range(start, start_part, end, end_part)
    day, moment = reported_at.date(), reported_at.time()
    if moment < HALF_DAY_HOURS["am"][0]:
        last = (day - timedelta(days=1), "pm")
    elif moment < HALF_DAY_HOURS["pm"][0]:
        last = (day, "am")
    else:
        last = (day, "pm")
    if _half_key(*last) >= _half_key(end, end_part):
        return None
    if _half_key(*last) < _half_key(start, start_part):
        return start, start_part
    return last


def days_taken(start: date, start_part: str, end: date, end_part: str) -> Decimal:
    """The working days of a leave as taken (after reporting back early, see taken_end); 0
    when it covers no working half day."""
    try:
        return leave_length(start, start_part, end, end_part)
    except NoWorkingDay:
        return Decimal(0)


def _half_key(day: date, part: str) -> tuple[date, int]:
    return day, PARTS.index(part)


def proof_missing(leave_type: str, has_proof: bool) -> bool:
    """Marriage and maternity leave need their proof documents (regulation 1 §7)."""
    if leave_type not in LEAVE_TYPES:
        raise ValueError(f"unknown leave type {leave_type!r}")
    return LEAVE_TYPES[leave_type] and not has_proof


def refusal_reason_missing(note: str | None) -> bool:
    """A refusal needs a reason."""
    return not (note or "").strip()


def parts_on_leave(start: date, start_part: str, end: date, end_part: str, day: date) -> str | None:
    """On `day`, which part of it the leave covers: "full", "am", "pm" or None."""
    _check_range(start, start_part, end, end_part)
    if day < start or day > end:
        return None
    first = "pm" if day == start and start_part == "pm" else "am"
    last = "am" if day == end and end_part == "am" else "pm"
    return "full" if (first, last) == ("am", "pm") else first


# --- leave filed in pieces, or afterwards (regulation 1 §3) ---------------------------------

LATE_FILING_WORKING_DAYS = 3
"""Leave for past days (补请, e.g. sick leave filed the next morning) may begin at most this
many working days before the day it is filed: filed on a Monday, as far back as the
Wednesday before (Wednesday, Thursday, Friday)."""

Span = tuple[date, str, date, str]
"""(start, start part, end, end part) of a leave."""


@dataclass(frozen=True)
class Pieces:
    """A new request among the same person's pending and approved leave (leave_pieces)."""
    days: Decimal                   # the whole: it and every piece it joins, each working half day once
    joined: tuple = ()              # keys of the pieces it overlaps or adjoins, directly or through another
    overlapping: tuple = ()         # keys of those sharing a working half day with it
    duplicate: object = None        # the key of one asking for exactly the same days, or None


def leave_pieces(new: Span, others: Mapping[object, Span],
                 calendar: WorkingCalendar | None = None) -> Pieces:
    """Leave filed in pieces is routed by the whole (§3). `others`: the same person's
    pending and approved leave, by key (their id). A piece joins the new request when it
    overlaps it or adjoins it — no working half day between (a weekend or a holiday between
    does not separate) — and so on through the pieces joined. `days` counts every working
    half day of the whole once, so overlapping days are never counted twice.
    Raises InvalidRange or NoWorkingDay for the new request as leave_length does."""
    _check_range(*new)
    calendar = calendar or _calendar()
    spans = {key: span for key, span in others.items()}
    for span in spans.values():
        _check_range(*span)
    first = min([new[0], *(s[0] for s in spans.values())])
    last = max([new[2], *(s[2] for s in spans.values())])
    ordinal: dict[tuple[date, str], int] = {}
    day = first
    while day <= last:
        if calendar.is_working_day(day):
            for part in PARTS:
                ordinal[(day, part)] = len(ordinal)
        day += timedelta(days=1)

    def bounds(span: Span) -> tuple[int, int] | None:
        start, start_part, end, end_part = span
        covered = [n for (d, part), n in ordinal.items()
                   if _half_key(start, start_part) <= _half_key(d, part) <= _half_key(end, end_part)]
        return (covered[0], covered[-1]) if covered else None

    own = bounds(new)
    if own is None:
        raise NoWorkingDay(f"no working day from {new[0].isoformat()} to {new[2].isoformat()}")
    ranges = {key: b for key, span in spans.items() if (b := bounds(span)) is not None}
    overlapping = tuple(key for key, (a, b) in ranges.items() if a <= own[1] and b >= own[0])
    duplicate = next((key for key, span in spans.items() if tuple(span) == tuple(new)), None)
    lo, hi = own
    joined: list = []
    grown = True
    while grown:
        grown = False
        for key, (a, b) in ranges.items():
            if key not in joined and a <= hi + 1 and b >= lo - 1:
                joined.append(key)
                lo, hi = min(lo, a), max(hi, b)
                grown = True
    return Pieces(days=Decimal(hi - lo + 1) / 2, joined=tuple(k for k in ranges if k in joined),
                  overlapping=overlapping, duplicate=duplicate)


def filed_late(start: date, start_part: str, filed_at: datetime) -> bool:
    """补请: filed (at `filed_at`, local, naive) after the leave had begun."""
    return has_started(start, start_part, filed_at)


def too_late_to_file(start: date, today: date, calendar: WorkingCalendar | None = None) -> bool:
    """Whether a leave beginning on `start` lies more than LATE_FILING_WORKING_DAYS working
    days back: the working days from `start` up to yesterday are more than that."""
    if start >= today:
        return False
    calendar = calendar or _calendar()
    return calendar.count_working_days(start, today - timedelta(days=1)) > LATE_FILING_WORKING_DAYS


def earliest_late_start(today: date, calendar: WorkingCalendar | None = None) -> date:
    """The earliest working day a leave filed on `today` may begin: LATE_FILING_WORKING_DAYS
    working days back (a leave may also begin on the days off just before it)."""
    calendar = calendar or _calendar()
    day, counted = today, 0
    while counted < LATE_FILING_WORKING_DAYS:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


CALENDAR_ALL = "all"


def calendar_departments(rank: str, roles: Collection[str], headed: Collection[int],
                         overseen: Collection[int]) -> str | frozenset[int]:
    """Which departments' team calendar a user may see: the office and the general manager
    all of them ("all"); otherwise those they head and those they oversee (maybe none)."""
    if "office" in roles or rank == "general_manager":
        return CALENDAR_ALL
    return frozenset(headed) | frozenset(overseen)


# --- duty roster, overtime, allowance, monthly report (regulation 1 §2, §8) ---------------

DUTY_POSTS = ("公司值班", "换热站值班", "调度值班")
"""The posts the office assigns on weekends and public holidays."""
ASSIGNED, DONE, MISSED = "assigned", "done", "missed"
DUTY_STATES = (ASSIGNED, DONE, MISSED)
OVERTIME_STEPS = (Decimal("0.5"), Decimal("1"))
OVERTIME_STATES = ("submitted", "approved", "refused")
OVERTIME_DAYS_BACK = 62      # an overtime report covers a day at most this far back …
OVERTIME_DAYS_AHEAD = 31     # … or this far ahead (overtime planned and approved beforehand)
REPORT_ALL = "all"


def non_working_days(year: int, month: int) -> list[date]:
    """Weekends and public holidays of a month (make-up working days excluded): the days
    the duty roster covers."""
    first, last = month_days(year, month)
    calendar = _calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if not calendar.is_working_day(d)]


def duty_status_allowed(new_status: str, day: date, today: date) -> bool:
    """Done or missed only once the day has come; back to assigned any time."""
    if new_status not in DUTY_STATES:
        return False
    return new_status == ASSIGNED or day <= today


def can_change_shift(status: str) -> bool:
    """Person, post or removal only while a shift is merely assigned (a done or missed
    shift is history: set it back to assigned first)."""
    return status == ASSIGNED


def roster_month(today: date, next_shift_day: date | None) -> tuple[int, int]:
    """The month the duty roster opens on: this one, unless every shift of it is past and
    the next one (`next_shift_day`, the first on or after today) lies in a later month."""
    if next_shift_day is not None and (next_shift_day.year, next_shift_day.month) > (today.year, today.month):
        return next_shift_day.year, next_shift_day.month
    return today.year, today.month


def unfilled_window(today: date, weeks: int = 4) -> tuple[date, date]:
    """The coming weeks in which an unfilled shift is a warning for the office."""
    return today, today + timedelta(weeks=weeks)


def overtime_day_problem(day: date, today: date) -> str | None:
    """"too_old" / "too_far_ahead" / None."""
    if day < today - timedelta(days=OVERTIME_DAYS_BACK):
        return "too_old"
    if day > today + timedelta(days=OVERTIME_DAYS_AHEAD):
        return "too_far_ahead"
    return None


def can_decide_overtime(state: str, decider_rank: str, stands_in_for_gm: bool = False) -> bool:
    """The general manager decides a submitted overtime report (§2) — or, while he is away,
    his post substitute (regulation 4: `stands_in_for_gm`)."""
    return state == "submitted" and (decider_rank == "general_manager" or stands_in_for_gm)


def decision_problem(approve: bool, note: str) -> str | None:
    """A refusal needs a reason: "reason_required" or None."""
    return None if approve or note.strip() else "reason_required"


def can_report_overtime(employee_department_id: int, headed_department_ids: Collection[int]) -> bool:
    """Heads and branch managers report overtime of their own department's people."""
    return employee_department_id in headed_department_ids


def parse_allowance(text: str | None) -> Decimal | None:
    """The daily allowance as typed by the administrator: "" -> None (not set), "50" or
    "37.5" -> Decimal; ValueError for a negative amount, more than 2 decimals, over 10000
    or anything that is not a plain amount."""
    text = (text or "").strip().removesuffix("元").strip()
    if not text:
        return None
    whole, _, fraction = text.partition(".")
    if not (whole.isascii() and whole.isdigit()) or len(whole) > 5 or (
            "." in text and not (fraction.isascii() and fraction.isdigit() and len(fraction) <= 2)):
        raise ValueError(f"not a non-negative amount with at most 2 decimals: {text!r}")
    value = Decimal(text)
    if value > 10000:
        raise ValueError("more than 10000 a day")
    return value


def allowance_days(duty_shifts_done: int, overtime_days: Iterable[Decimal]) -> Decimal:
    """Days that earn the allowance: each duty shift done is a day, plus approved overtime
    (records of different days; allowance_days_by_person caps each day at one)."""
    return Decimal(duty_shifts_done) + sum(overtime_days, Decimal(0))


def allowance_days_by_person(records: Iterable[tuple[int, date, Decimal]]) -> dict[int, Decimal]:
    """Days that earn the allowance (§8), per person, from (employee_id, day, days) records
    the GM has approved — a duty shift done counts 1, overtime its 0.5 or 1: one allowance
    per person per day at most, whatever the number of records for that day."""
    per_day: dict[tuple[int, date], Decimal] = {}
    for employee_id, day, days in records:
        per_day[(employee_id, day)] = min(Decimal(1), per_day.get((employee_id, day), Decimal(0)) + Decimal(days))
    totals: dict[int, Decimal] = {}
    for (employee_id, _day), days in per_day.items():
        totals[employee_id] = totals.get(employee_id, Decimal(0)) + days
    return totals


def can_approve_roster(rank: str, stands_in_for_gm: bool = False) -> bool:
    """The general manager approves holiday duty (§8), a month's roster at once — or, while he
    is away, his post substitute (regulation 4: `stands_in_for_gm`)."""
    return rank == "general_manager" or stands_in_for_gm


def leave_days_within(start: date, start_part: str, end: date, end_part: str,
                      first: date, last: date) -> Decimal:
    """The working days of a leave that fall inside [first, last] (e.g. a month); 0 when it
    covers none there."""
    if end < first or start > last:
        return Decimal(0)
    if start < first:
        start, start_part = first, "am"
    if end > last:
        end, end_part = last, "pm"
    try:
        return leave_length(start, start_part, end, end_part)
    except NoWorkingDay:
        return Decimal(0)


def report_scope(roles: Collection[str], rank: str, headed: Collection[int],
                 overseen: Collection[int]) -> str | frozenset[int]:
    """Which departments' attendance reports a user may read: the office, the labour section
    (LABOUR_SECTION among `roles`, see reader_roles) and the general manager all ("all");
    deputy managers those they oversee, heads those they head."""
    if {"office", LABOUR_SECTION} & set(roles) or rank == "general_manager":
        return REPORT_ALL
    return frozenset(headed) | frozenset(overseen)


# --- attendance register: who keeps and reads it, what a cell may hold ----------------

REGISTER_CHOICES = (PRESENT, LATE, LEFT_EARLY, BUSINESS_TRIP, ON_DUTY, ABSENT)
"""What a head picks in a register cell, in this order (keys 1–6). ON_LEAVE is not among
them: a day on leave comes only from an approved leave request (leaving without approval
is absence without leave, §3)."""

LABOUR_KIND = "labour"
"""The department kind of the labour and wages section (劳资科, staff.rules.DEPARTMENT_KINDS)."""
LABOUR_SECTION = "labour_section"
"""Not a portal role: what `reader_roles` adds for a member of the labour section, which pays
wages and so reads the whole company's register, report and alarms."""

REGISTER_READER_ROLES = frozenset({"office", LABOUR_SECTION})
ALARM_READER_ROLES = frozenset({"office", "inspector", LABOUR_SECTION})
SPOT_CHECK_ROLES = frozenset({"inspector"})
SPOT_CHECK_READER_ROLES = frozenset({"inspector", LABOUR_SECTION})
FOLLOW_UP_ROLES = frozenset({"office", LABOUR_SECTION})

# Problems returned by register_cell_problem.
FUTURE_DAY = "future_day"
NOT_WORKING_DAY = "not_working_day"
LEAVE_LOCKED = "leave_locked"
LEAVE_NEEDS_REQUEST = "leave_needs_request"
UNKNOWN_CODE = "unknown_code"
REASON_NEEDED = "reason_needed"

# Early warning before an alarm: (alarm, months, days) — two thirds of the way there.
ALARM_NEAR = ((TALK, 3, 20), (EXCLUDE, 6, 40))


def reader_roles(roles: Collection[str], department_kind: str | None) -> frozenset[str]:
    """A user's roles as the register's reading rules see them: LABOUR_SECTION added for a
    member of the labour section (a department of kind LABOUR_KIND)."""
    return frozenset(roles) | ({LABOUR_SECTION} if department_kind == LABOUR_KIND else frozenset())


def can_keep_register(viewer_id: int, department_head_id: int | None, head_away: bool = False,
                      head_substitute_id: int | None = None) -> bool:
    """The head of record keeps (writes) the department's register (§9); while the head is
    away, so does the substitute (代岗人) of the head's post (regulation 4: the work does not
    stall)."""
    if department_head_id is None:
        return False
    return viewer_id == department_head_id or (
        head_away and head_substitute_id is not None and viewer_id == head_substitute_id)


def can_read_register(viewer_id: int, viewer_rank: str, viewer_roles: Collection[str],
                      department_head_id: int | None, department_deputy_id: int | None) -> bool:
    """Its head, the office, the labour section and the general manager (every department),
    and the deputy manager who oversees the department. (A substitute keeping it for an away
    head reads it too: can_keep_register.)"""
    return (can_keep_register(viewer_id, department_head_id)
            or bool(REGISTER_READER_ROLES & set(viewer_roles)) or viewer_rank == "general_manager"
            or (department_deputy_id is not None and viewer_id == department_deputy_id))


def can_see_alarms(viewer_id: int, viewer_rank: str, viewer_roles: Collection[str],
                   department_deputy_id: int | None) -> bool:
    """Absence alarms of a department: the GM, the office, inspection and the labour section
    for every department, a deputy manager for the departments they oversee."""
    return (viewer_rank == "general_manager" or bool(ALARM_READER_ROLES & set(viewer_roles))
            or (department_deputy_id is not None and viewer_id == department_deputy_id))


def can_see_spot_checks(viewer_id: int, viewer_rank: str, viewer_roles: Collection[str],
                        department_deputy_id: int | None) -> bool:
    """Spot checks and their conflicts with the register: inspection, the labour section and
    the GM for every department, a deputy manager for the departments they oversee."""
    return (viewer_rank == "general_manager" or bool(SPOT_CHECK_READER_ROLES & set(viewer_roles))
            or (department_deputy_id is not None and viewer_id == department_deputy_id))


def can_record_spot_check(viewer_roles: Collection[str], viewer_rank: str = "staff") -> bool:
    """Inspection (稽查、劳资 with the inspector role) and the company's leaders — the GM and
    the deputy managers (机关领导抽查) — record spot checks."""
    return bool(SPOT_CHECK_ROLES & set(viewer_roles)) or viewer_rank in LEADER_RANKS


# --- a 旷工 found by the office or a spot check, and the head's different entry ---------

PROTECTED_SOURCES = frozenset({"presence", "spot_check"})
"""An absence without leave recorded by these (the office's presence check, a spot check)
is not the head's to overwrite (§9: the head who covers up is warned)."""

# What a head's entry does to a cell (head_entry_outcome).
WRITE = "write"              # saved as usual
CONFLICT = "conflict"        # the 旷工 stays; the head's entry is kept beside it for leadership
AGREES = "agrees"            # the head says 旷工 too: nothing to save
PROTECTED = "protected"      # clearing a protected 旷工: refused

CONFLICT_HEAD, CONFLICT_LEAVE = "head_entry", "leave"
CONFLICT_KINDS = (CONFLICT_HEAD, CONFLICT_LEAVE)
CONFLICT_OPEN, CONFLICT_WITHDRAWN = "open", "withdrawn"
CONFLICT_STATES = (CONFLICT_OPEN, "approved", "refused", CONFLICT_WITHDRAWN)
"""approved: the head's entry (or the leave) stands; refused: the 旷工 stands."""


def is_protected_mark(code: str | None, source: str | None) -> bool:
    return code == ABSENT and source in PROTECTED_SOURCES


def head_entry_outcome(cell_code: str | None, cell_source: str | None, new_code: str) -> str:
    """What a head's (or their substitute's) entry `new_code` ("" clears) does to a cell that
    holds `cell_code`, made by `cell_source`: over a protected 旷工 (PROTECTED_SOURCES) a
    different code is a CONFLICT, 旷工 AGREES, clearing is PROTECTED; anything else WRITEs."""
    if not is_protected_mark(cell_code, cell_source):
        return WRITE
    if new_code == "":
        return PROTECTED
    return AGREES if new_code == ABSENT else CONFLICT


def can_resolve_conflict(kind: str, viewer_id: int, viewer_rank: str, viewer_roles: Collection[str],
                         department_deputy_id: int | None, leave_approver_ids: Collection[int | None] = (),
                         ) -> bool:
    """A head's entry against a protected 旷工: the leadership — the general manager, or the
    deputy manager who oversees the department. Leave approved over a 旷工: the leave's
    approver (of record, or whoever decided it) and the office."""
    if kind == CONFLICT_HEAD:
        return viewer_rank == "general_manager" or (
            department_deputy_id is not None and viewer_id == department_deputy_id)
    if kind == CONFLICT_LEAVE:
        return "office" in set(viewer_roles) or viewer_id in set(leave_approver_ids) - {None}
    return False


def conflict_decision_problem(note: str | None) -> str | None:
    """Either way a conflict's decision gives its reason (it overturns or upholds a 旷工)."""
    return None if (note or "").strip() else "reason_required"


def register_cell_problem(code: str, absent_reason: str | None, day: date, today: date,
                          working_day: bool, on_leave: bool) -> str | None:
    """Why a head may not put `code` (with `absent_reason`) in the register for `day`, or
    None. An empty code clears the cell. Checked in this order: a future day, a day that is
    not a working day, a day approved leave covers in whole (locked; a half day's leave leaves
    the other half to the register: `on_leave` False), on_leave picked by hand, an unknown
    code, an absence without one of ABSENT_REASONS."""
    if day > today:
        return FUTURE_DAY
    if not working_day:
        return NOT_WORKING_DAY
    if on_leave:
        return LEAVE_LOCKED
    if code == "":
        return None
    if code == ON_LEAVE:
        return LEAVE_NEEDS_REQUEST
    if code not in ATTENDANCE_CODES:
        return UNKNOWN_CODE
    if code == ABSENT and absent_reason not in ABSENT_REASONS:
        return REASON_NEEDED
    return None


def working_days_between(first: date, last: date) -> list[date]:
    """The working days from `first` to `last` inclusive."""
    return _calendar().working_days(first, last)


def leave_halves(spans: Iterable[tuple[int, date, str, date, str]], first: date, last: date,
                 ) -> dict[tuple[int, date], str]:
    """Which part of each day from `first` to `last` approved leave covers, per person:
    {(employee_id, day): "day" | "am" | "pm"} from (employee_id, start, start_part, end,
    end_part) spans; two half days of the same day make a whole day."""
    covered: dict[tuple[int, date], set[str]] = {}
    for employee, start, start_part, end, end_part in spans:
        _check_range(start, start_part, end, end_part)
        day = max(start, first)
        while day <= min(end, last):
            lo = "pm" if day == start and start_part == "pm" else "am"
            hi = "am" if day == end and end_part == "am" else "pm"
            covered.setdefault((employee, day), set()).update(PARTS[PARTS.index(lo):PARTS.index(hi) + 1])
            day += timedelta(days=1)
    return {key: "day" if len(parts) == 2 else next(iter(parts)) for key, parts in covered.items()}


def day_record(entry_code: str | None, on_leave: "bool | str | None") -> str | None:
    """What the register says for a day, one status: where approved leave covers the whole day
    (`on_leave` True or "day") on leave — it wins over anything typed before it was approved —
    except a 旷工, which stands until the approver or the office resolves the conflict; on a
    half day's leave ("am"/"pm") the cell holds the other half; else the head's code."""
    if on_leave is True or on_leave == "day":
        return ABSENT if entry_code == ABSENT else ON_LEAVE
    return entry_code


def leave_parts(spans: Iterable[tuple[int, str, date, str, date, str]], first: date, last: date,
                ) -> dict[tuple[int, date], dict[str, str]]:
    """Which half days from `first` to `last` approved leave covers, and by which leave type:
    {(employee_id, day): {"am": type, "pm": type}} from (employee_id, leave_type, start,
    start_part, end, end_part) spans. Of two leaves on one half day the first listed counts."""
    covered: dict[tuple[int, date], dict[str, str]] = {}
    for employee, leave_type, start, start_part, end, end_part in spans:
        _check_range(start, start_part, end, end_part)
        day = max(start, first)
        while day <= min(end, last):
            lo = "pm" if day == start and start_part == "pm" else "am"
            hi = "am" if day == end and end_part == "am" else "pm"
            halves = covered.setdefault((employee, day), {})
            for part in PARTS[PARTS.index(lo):PARTS.index(hi) + 1]:
                halves.setdefault(part, leave_type)
            day += timedelta(days=1)
    return covered


def half_of(parts: Mapping[str, str] | None) -> str | None:
    """"day", "am", "pm" or None for the half days a leave covers (leave_parts' values)."""
    if not parts:
        return None
    return "day" if len(parts) == 2 else next(iter(parts))


HALF = Decimal("0.5")


def day_shares(entry_code: str | None, leave: Mapping[str, str] | None,
               ) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """How one working day counts: ({register code: days}, {leave type: days}), together at
    most one day. Leave on both halves makes it leave (a 旷工 stands instead until resolved);
    leave on one half counts half a day and the cell's code the other half; no leave, the
    cell's code a whole day; an empty cell nothing."""
    leave = leave or {}
    if len(leave) == 2:
        if entry_code == ABSENT:
            return {ABSENT: Decimal(1)}, {}
        types: dict[str, Decimal] = {}
        for leave_type in leave.values():
            types[leave_type] = types.get(leave_type, Decimal(0)) + HALF
        return {}, types
    if leave:
        return ({entry_code: HALF} if entry_code else {}), {next(iter(leave.values())): HALF}
    return ({entry_code: Decimal(1)} if entry_code else {}), {}


def month_totals(days: Iterable[date], entries: Mapping[date, str], leave: Mapping[date, Mapping[str, str]],
                 plain: Mapping[str, int] | None = None) -> tuple[dict[str, Decimal], dict[str, Decimal], int]:
    """One person's month: ({register code: days}, {leave type: days}, absences on other days)
    over the working `days` (each counted once, by day_shares, so the two add up to at most
    len(days)); `entries` {day: code} may hold days that are not working days — a 旷工 there
    (a missed weekend or holiday duty shift) is the third figure, outside the working days.
    `plain` {code: days}, when given, are working days counted already (by the database) that
    `entries` leaves out: days no approved leave of the person touches."""
    working = set(days)
    # Most days have no leave: a whole day of the cell's code, counted in one go (the report
    # adds up a thousand people's months).
    counted = Counter(entries[day] for day in working if day not in leave and entries.get(day))
    counted.update(plain or {})
    codes: dict[str, Decimal] = {code: Decimal(n) for code, n in counted.items()}
    types: dict[str, Decimal] = {}
    for day in working & leave.keys():
        day_codes, day_types = day_shares(entries.get(day), leave.get(day))
        for code, share in day_codes.items():
            codes[code] = codes.get(code, Decimal(0)) + share
        for leave_type, share in day_types.items():
            types[leave_type] = types.get(leave_type, Decimal(0)) + share
    off_days = sum(1 for day, code in entries.items() if code == ABSENT and day not in working)
    return codes, types, off_days


def alarm_lookback(today: date) -> date:
    """The first day whose absences still count towards a current alarm (half a year back)."""
    return add_months(today, -6)


def absence_window(days: Iterable[date], months: int) -> tuple[int, date | None, date | None]:
    """The window [d, d + months) holding the most of the distinct `days`:
    (how many, the first and the last absence in it); (0, None, None) for none.
    The same windows as absence_alarms."""
    ordered = sorted(set(days))
    best = (0, None, None)
    j = 0
    for i, start in enumerate(ordered):
        limit = add_months(start, months)
        j = max(j, i)
        while j < len(ordered) and ordered[j] < limit:
            j += 1
        if j - i > best[0]:
            best = (j - i, start, ordered[j - 1])
    return best


# --- following an alarm up (regulation 1 §4) ------------------------------------------

TALK_STEP, MEETING, BUREAU_REPORT, EXCLUSION = "talk", "meeting", "bureau_report", "exclusion"
FOLLOW_UP_STEPS = {TALK: (TALK_STEP,), EXCLUDE: (MEETING, BUREAU_REPORT, EXCLUSION)}
"""What closes each alarm: the leadership talk (约谈) after 30 days in 3 months; after 60 in
6 months the management meeting's decision, the report to the county bureau (城乡建设局) and
the exclusion from awards, promotions and grade rises with its period."""
FOLLOW_UP_DAYS_BACK = 366
OPEN, NEAR = "open", "near"


def alarm_follow_up(absent_dates: Iterable[date], follow_ups: Iterable[tuple[str, str, date]], today: date,
                    ) -> dict[str, tuple[str, int, date | None, date | None, frozenset[str]]]:
    """Each alarm that is open or near, given its follow-ups (alarm, step, through: the last
    absence of the alarm's window when the step was recorded):
    {alarm: (OPEN or NEAR, days, first, last, steps recorded for it)}.

    An alarm's window counts the absences after its last completed follow-up (all of
    FOLLOW_UP_STEPS[alarm] recorded with `through` on or after the window's first absence);
    it is OPEN at ALARM_RULES' limit until those steps are recorded, NEAR at ALARM_NEAR's.
    Only days up to `today` count."""
    days = sorted({d for d in absent_dates if d <= today})
    near_limits = {alarm: limit for alarm, _months, limit in ALARM_NEAR}
    if len(days) < min(near_limits.values()):   # too few to come near any alarm (most people)
        return {}
    recorded: dict[str, list[tuple[str, date]]] = {}
    for alarm, step, through in follow_ups:
        recorded.setdefault(alarm, []).append((step, through))
    result = {}
    for alarm, months, limit in ALARM_RULES:
        closed = None
        while True:
            counted = [d for d in days if closed is None or d > closed]
            count, first, last = absence_window(counted, months)
            if count < near_limits[alarm]:
                break
            done = frozenset(step for step, through in recorded.get(alarm, ()) if first is not None and through >= first)
            if count >= limit and set(FOLLOW_UP_STEPS[alarm]) <= done:
                closed = max(through for step, through in recorded[alarm] if through >= first)
                continue
            result[alarm] = (OPEN if count >= limit else NEAR, count, first, last,
                             done if count >= limit else frozenset())
            break
    return result


def can_record_follow_up(viewer_id: int, viewer_rank: str, viewer_roles: Collection[str],
                         department_deputy_id: int | None) -> bool:
    """The GM, the deputy manager who oversees the person's department, the office (minutes,
    the report to the bureau) and the labour section (awards, promotions, grade rises)."""
    return (viewer_rank == "general_manager" or bool(FOLLOW_UP_ROLES & set(viewer_roles))
            or (department_deputy_id is not None and viewer_id == department_deputy_id))


# Problems returned by follow_up_problem.
STEP_UNKNOWN = "step_unknown"
DATE_NEEDED = "date_needed"
DATE_IN_FUTURE = "date_in_future"
DATE_TOO_OLD = "date_too_old"
HELD_BY_NEEDED = "held_by_needed"
NOTES_NEEDED = "notes_needed"
PERIOD_NEEDED = "period_needed"
PERIOD_BACKWARDS = "period_backwards"


def follow_up_problem(alarm: str, step: str, on_date: date | None, today: date, held_by_id: int | None,
                      notes: str, period_start: date | None, period_end: date | None) -> str | None:
    """Why a follow-up step cannot be recorded as given, or None: a step of the alarm; a date,
    not in the future nor more than a year back; the talk names who held it and what was said;
    the meeting its decision; the exclusion its period (start to end, in order)."""
    if step not in FOLLOW_UP_STEPS.get(alarm, ()):
        return STEP_UNKNOWN
    if on_date is None:
        return DATE_NEEDED
    if on_date > today:
        return DATE_IN_FUTURE
    if on_date < today - timedelta(days=FOLLOW_UP_DAYS_BACK):
        return DATE_TOO_OLD
    if step == TALK_STEP and held_by_id is None:
        return HELD_BY_NEEDED
    if step in (TALK_STEP, MEETING) and not (notes or "").strip():
        return NOTES_NEEDED
    if step == EXCLUSION:
        if period_start is None or period_end is None:
            return PERIOD_NEEDED
        if period_end < period_start:
            return PERIOD_BACKWARDS
    return None


def alarm_standing(absent_dates: Iterable[date], today: date,
                   ) -> dict[str, tuple[str, int, date | None, date | None]]:
    """For each alarm (TALK, EXCLUDE) that is reached or near: (standing, days, first, last)
    with standing "reached" (≥ the limit, as absence_alarms) or "near" (≥ ALARM_NEAR).
    Only days up to `today` count."""
    days = [d for d in absent_dates if d <= today]
    near = {alarm: limit for alarm, _months, limit in ALARM_NEAR}
    result = {}
    for alarm, months, limit in ALARM_RULES:
        count, first, last = absence_window(days, months)
        if count >= limit:
            result[alarm] = ("reached", count, first, last)
        elif count >= near[alarm]:
            result[alarm] = ("near", count, first, last)
    return result

"""Leave and attendance rules (regulation 1 考勤制度, regulation 4 岗位责任制度) as pure
functions: plain values in, plain values out, `now`/`today` passed in, no database.

Working days follow China's statutory calendar (`chinese_calendar`): public holidays are
off, make-up working days (调休) are on. A date the calendar does not cover raises
`CalendarUnknown` instead of being guessed; upgrade the package when a new year's
schedule is published.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import chinese_calendar

# --- vocabulary --------------------------------------------------------------------

RANKS = ("staff", "department_head", "branch_manager", "deputy_manager", "general_manager")
"""Lowest first, the same names as `portal.staff.models.RANKS`."""

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

# Half-day working hours, local time (Asia/Shanghai).
HALF_DAY_HOURS = {"am": (time(8, 0), time(12, 0)), "pm": (time(13, 0), time(17, 30))}

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

class CalendarUnknown(ValueError):
    """The statutory calendar has no data for this date (upgrade chinesecalendar)."""


class InvalidRange(ValueError):
    """The end of a leave lies before its start."""


class NoWorkingDay(ValueError):
    """A leave that covers no working half day."""


# --- the statutory calendar ------------------------------------------------------------

def is_working_day(day: date) -> bool:
    """True on Mon–Fri that are not public holidays, and on make-up working days (调休)."""
    if not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:   # the package's "no available data for year …"
        raise CalendarUnknown(f"statutory calendar has no data for {day.isoformat()}") from exc


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _check_range(start: date, start_part: str, end: date, end_part: str) -> None:
    for part in (start_part, end_part):
        if part not in PARTS:
            raise ValueError(f"unknown half day {part!r}")
    if end < start or (end == start and start_part == "pm" and end_part == "am"):
        raise InvalidRange(f"{end.isoformat()} {end_part} is before {start.isoformat()} {start_part}")


def leave_length(start: date, start_part: str, end: date, end_part: str) -> Decimal:
    """Working days from the start of `start_part` of `start` to the end of `end_part` of
    `end`, in half-day steps; a half day on a non-working day counts 0.
    Raises InvalidRange, NoWorkingDay or CalendarUnknown."""
    _check_range(start, start_part, end, end_part)
    halves = 0
    day = start
    while day <= end:
        first = "pm" if day == start and start_part == "pm" else "am"
        last = "am" if day == end and end_part == "am" else "pm"
        if is_working_day(day):
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


def is_away(intervals: Iterable[tuple[datetime, datetime | None]], now: datetime) -> bool:
    """Whether `now` lies in any half-open interval [start, end); end None = not back yet.
    Use `leave_span` for approved leave and (left_at, returned_at) for a leave-post notice;
    all values naive local time."""
    return any(start <= now and (end is None or now < end) for start, end in intervals)


def away_ids(intervals_by_person: Mapping[int, Iterable[tuple[datetime, datetime | None]]],
             now: datetime) -> set[int]:
    """The ids of the people away at `now` (see `is_away`)."""
    return {person for person, intervals in intervals_by_person.items() if is_away(intervals, now)}


# --- absence without leave (旷工) ------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, the day clamped to the month's end: 31 Jan + 1 = 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_first - timedelta(days=1)).day))


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

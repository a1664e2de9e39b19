"""Regulation 7 离岗告知制度 as pure functions: who approves a leave-post notice, whether its
times and the person covering the post are acceptable, whether someone came back on time and
what the end of the day makes of a notice nobody closed, and who may see or do what with a
notice. No database, no Flask: the views and operations pass everything in.

Times here are naive local times (Asia/Shanghai) unless a function says otherwise. Whether an
absence is long enough to be leave is regulation 1's: `portal.leave.rules.needs_leave_request`."""

from collections import Counter
from datetime import datetime, timedelta
from typing import Collection, Iterable

from ..workdays.rules import HALF_DAY_HOURS

RETURN_GRACE_MINUTES = 10   # default of PORTAL_RETURN_GRACE_MINUTES
FILING_TOLERANCE = timedelta(minutes=5)
"""A notice is filed before leaving (approval comes first): its start may lie at most this
far before the moment it is filed (the time to type it on a phone). Earlier is back-dated."""

ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"
ABSENT = "absent"           # 旷工: not back by the end of the working day

# What the board says about each person (in this order of precedence).
AWAY_WITHOUT_NOTICE = "away_without_notice"
OUT = "out"
ON_LEAVE = "on_leave"
ON_LEAVE_AM = "on_leave_am"     # 上午请假: the afternoon is the register's and the presence checks'
ON_LEAVE_PM = "on_leave_pm"     # 下午请假
BUSINESS_TRIP = "business_trip"
ON_DUTY = "on_duty"
AT_POST = "at_post"
BOARD_STATUSES = (AWAY_WITHOUT_NOTICE, OUT, ON_LEAVE, ON_LEAVE_AM, ON_LEAVE_PM, BUSINESS_TRIP, ON_DUTY, AT_POST)
CHECKABLE_STATUSES = frozenset({AT_POST, AWAY_WITHOUT_NOTICE, ON_LEAVE_AM, ON_LEAVE_PM})
"""Rows on which the office records a presence check (a half day off leaves the other half)."""

OPEN_STATES = ("pending", "approved")       # out (or about to be) and not back yet
UNRETURNED = "unreturned"                   # closed at the end of its day, nobody back
FOUND = ("at_post", "away_without_notice")  # a presence check's findings

# Who decides a notice, as resolve_approver says why.
DIRECT = "direct"                # the approver of record
SUBSTITUTE = "substitute"        # their post substitute (代岗人), while they are away
OFFICE_HEAD = "office_head"      # the regulation's fallback: the head of 办公室
GENERAL_MANAGER = "general_manager"   # the last resort
NOBODY = "nobody"

# Why the person named to cover the post will not do (substitute_problem).
NO_SUBSTITUTE = "no_substitute"
SELF_SUBSTITUTE = "self_substitute"
SUBSTITUTE_AWAY = "substitute_away"

_APPROVER_BY_RANK = {
    "staff": "department_head",
    "department_head": "deputy_manager",
    "branch_manager": "deputy_manager",
    "deputy_manager": "general_manager",
}

# How heavy a mark in the attendance register is: a new mark never replaces a heavier one.
_MARK_WEIGHT = {"present": 0, "on_duty": 0, "business_trip": 0, "left_early": 1, "late": 1, "absent": 2}


def leave_post_approver(requester_rank: str) -> str:
    """The level that approves a notice: the department head for staff, the deputy manager in
    charge for department heads and branch managers, the GM for deputy managers. Raises
    ValueError for the GM (nobody above him: his notices are registered, see
    `is_registered`) and for unknown ranks."""
    try:
        return _APPROVER_BY_RANK[requester_rank]
    except KeyError:
        raise ValueError(f"no leave-post approver for rank {requester_rank!r}") from None


def is_registered(requester_rank: str) -> bool:
    """The general manager's notices (and leave) are registered, not approved: nobody below
    him approves them. They count as approved at once and the office sees them."""
    return requester_rank == "general_manager"


def resolve_approver(candidate_id: int | None, requester_id: int, away: Collection[int],
                     office_head_id: int | None, gm_id: int | None = None,
                     substitute_id: int | None = None) -> tuple[int | None, str]:
    """(who decides, why). The approver of record (DIRECT) unless they cannot be reached —
    none, away, or the requester themself; then, while they are away, their post substitute
    (SUBSTITUTE: regulation 4, the substitute does what the post holder would), then the head
    of 办公室 (OFFICE_HEAD: regulation 7's own fallback), then the GM (GENERAL_MANAGER). When
    everybody is away the office head still hears of it (or the GM); (None, NOBODY) when there
    is nobody but the requester."""
    if candidate_id is not None and candidate_id != requester_id:
        if candidate_id not in away:
            return candidate_id, DIRECT
        if substitute_id is not None and substitute_id != requester_id and substitute_id not in away:
            return substitute_id, SUBSTITUTE
    fallbacks = ((office_head_id, OFFICE_HEAD), (gm_id, GENERAL_MANAGER))
    for fallback, why in fallbacks:
        if fallback is not None and fallback != requester_id and fallback not in away:
            return fallback, why
    for fallback, why in fallbacks:   # everybody away: still someone must hear of it
        if fallback is not None and fallback != requester_id:
            return fallback, why
    return None, NOBODY


def return_status(expected_back: datetime, returned_at: datetime | None, now: datetime,
                  grace_minutes: float = RETURN_GRACE_MINUTES) -> str:
    """"on_time", "late" (came back after expected_back + grace) or "overdue" (not back and
    past expected_back + grace). Exactly at the end of the grace period is still on time."""
    due = expected_back + timedelta(minutes=grace_minutes)
    if returned_at is not None:
        return LATE if returned_at > due else ON_TIME
    return OVERDUE if now > due else ON_TIME


def countdown(expected_back: datetime, now: datetime) -> tuple[bool, int]:
    """(past due, whole minutes): minutes left rounded up, or minutes past due rounded down."""
    seconds = (expected_back - now).total_seconds()
    if seconds >= 0:
        return False, int(-(-seconds // 60))
    return True, int(-seconds // 60)


def check_times(left_at: datetime, expected_back: datetime, now: datetime) -> str | None:
    """Why the times of a new notice are wrong, or None: back before leaving, leaving more
    than a day ahead, leaving before the notice is filed (more than FILING_TOLERANCE back:
    approval comes before leaving), back on another day than the one left (a notice is for
    part of one day), or coming back already in the past."""
    if expected_back <= left_at:
        return "back_before_left"
    if left_at > now + timedelta(days=1):
        return "too_far_ahead"
    if left_at < now - FILING_TOLERANCE:
        return "back_dated"
    if expected_back.date() != left_at.date():
        return "other_day"
    if expected_back <= now:
        return "back_in_past"
    return None


def notice_covers(state: str, left_at: datetime, filed_at: datetime, returned_at: datetime | None,
                  now: datetime) -> bool:
    """Whether a notice excuses being away from the post at `now` (a presence check): only an
    approved one, filed before leaving (FILING_TOLERANCE), that has begun and is not closed. A
    pending, refused or back-dated notice covers nothing: leaving without approval is
    absence without leave (regulation 7 §4)."""
    return (state == "approved" and returned_at is None and left_at <= now
            and filed_at <= left_at + FILING_TOLERANCE)


def day_end(left_at: datetime) -> datetime:
    """The end of the working day a notice belongs to: 17:30 (HALF_DAY_HOURS) of the day left."""
    return datetime.combine(left_at.date(), HALF_DAY_HOURS["pm"][1])


def notice_outcome(expected_back: datetime, returned_at: datetime | None, day_end: datetime,
                   grace_minutes: float = 0) -> str | None:
    """What a notice means for the register: None when back by `expected_back` (+ grace);
    "late" when back later but by `day_end`; "absent" (旷工 for the rest of the day) when not
    back by `day_end` (`returned_at` None: never back). A notice due back at or after the end
    of the working day misses no working time by not coming back: None."""
    due = expected_back + timedelta(minutes=grace_minutes)
    if returned_at is not None and returned_at <= due:
        return None
    if returned_at is not None and returned_at <= day_end:
        return LATE
    return ABSENT if due < day_end else None


def sweep_due(left_at: datetime, expected_back: datetime, now: datetime) -> bool:
    """Whether the end-of-day sweep closes an unreturned notice at `now`: once its working day
    is over and it is past its expected return."""
    return now >= max(day_end(left_at), expected_back)


def substitute_problem(requester_id: int, substitute_id: int | None, away: Collection[int]) -> str | None:
    """Why the person named to cover the post will not do (regulation 4: work never stalls
    while the holder is out): nobody named, the requester themself, or someone away too."""
    if substitute_id is None:
        return NO_SUBSTITUTE
    if substitute_id == requester_id:
        return SELF_SUBSTITUTE
    if substitute_id in away:
        return SUBSTITUTE_AWAY
    return None


def cover_candidates(requester_id: int, post_substitute_id: int | None, colleague_ids: Iterable[int],
                     away: Collection[int], limit: int = 5) -> list[int]:
    """Who could cover the post instead: the post's substitute first, then colleagues of the
    same department, in the order given — never the requester, never someone away."""
    found: list[int] = []
    for person in ([post_substitute_id] if post_substitute_id is not None else []) + list(colleague_ids):
        if person != requester_id and person not in away and person not in found:
            found.append(person)
        if len(found) == limit:
            break
    return found


def board_status(on_notice: bool, on_leave: bool | str | None, on_trip: bool, on_duty: bool,
                 found_away: bool) -> str:
    """What the board says about one person today. `on_leave`: the part of today approved
    leave covers — "day" (or True), "am" (上午请假) or "pm" (下午请假) — or None/False."""
    if on_notice:
        return OUT
    if found_away:
        return AWAY_WITHOUT_NOTICE
    if on_leave in ("am", "pm"):
        return ON_LEAVE_AM if on_leave == "am" else ON_LEAVE_PM
    if on_leave:
        return ON_LEAVE
    if on_trip:
        return BUSINESS_TRIP
    if on_duty:
        return ON_DUTY
    return AT_POST


# The order of a department's summary on the company-wide board.
STATUS_ORDER = (AT_POST, OUT, AWAY_WITHOUT_NOTICE, ON_LEAVE, ON_LEAVE_AM, ON_LEAVE_PM, BUSINESS_TRIP, ON_DUTY)
LIVE = frozenset({OUT, AWAY_WITHOUT_NOTICE})   # what changes by the minute


def status_counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """(status, how many) in STATUS_ORDER, statuses nobody has left out."""
    counted = Counter(statuses)
    return [(status, counted[status]) for status in STATUS_ORDER if counted[status]]


def register_mark(existing_code: str | None, new_code: str, on_approved_leave: bool) -> bool:
    """Whether to write `new_code` (late / absent) over what the register holds for the day:
    never on a day of approved leave, never over a heavier mark."""
    if on_approved_leave or existing_code == "on_leave":
        return False
    if existing_code is None:
        return True
    return _MARK_WEIGHT.get(new_code, 0) > _MARK_WEIGHT.get(existing_code, 0)


def can_see_details(viewer_id: int, viewer_roles: Collection[str], employee_id: int,
                    approver_id: int | None, decided_by_id: int | None) -> bool:
    """The free-text reason: the person, the approver (and whoever decided) and the office."""
    return (viewer_id in (employee_id, approver_id, decided_by_id) or "office" in set(viewer_roles))


def can_decide(viewer_id: int, state: str, approver_id: int | None) -> bool:
    return state == "pending" and approver_id is not None and viewer_id == approver_id


def can_record_return(viewer_id: int, viewer_roles: Collection[str], state: str, employee_id: int,
                      department_head_id: int | None) -> bool:
    """The person taps 我回来了; the office or the head of their department can record it."""
    if state not in OPEN_STATES:
        return False
    return (viewer_id == employee_id or "office" in set(viewer_roles)
            or (department_head_id is not None and viewer_id == department_head_id))


def can_record_return_time(viewer_id: int, viewer_roles: Collection[str], state: str, employee_id: int,
                           department_head_id: int | None) -> bool:
    """The office or the person's head records when someone really came back — on a notice
    still open, or one the end of the day closed — never the person for themself."""
    if state not in OPEN_STATES + (UNRETURNED,) or viewer_id == employee_id:
        return False
    return "office" in set(viewer_roles) or (department_head_id is not None and viewer_id == department_head_id)


def return_time_problem(returned_at: datetime, left_at: datetime, now: datetime) -> str | None:
    """Why a return time recorded by the office or the head will not do: before leaving, in
    the future, or on another day than the one left."""
    if returned_at < left_at:
        return "before_left"
    if returned_at > now:
        return "in_future"
    if returned_at.date() != left_at.date():
        return "other_day"
    return None


CARD_STATES = ("approved", "returned", UNRETURNED)


def can_print_card(state: str) -> bool:
    """The away card stands on the desk of someone allowed to be away: only once the notice
    is approved (leaving before that is absence without leave, regulation 7 §4) — never for
    one waiting or refused; a returned or closed one is still printable for the record."""
    return state in CARD_STATES


# The board's filters (?show=…), each with its count in the summary at the top: a status
# (half a day's leave counts as leave), everyone away from the post, and those overdue from a
# notice (a subset of OUT: past the expected return and its grace).
SHOW_OVERDUE = "overdue"
SHOW_AWAY = "away"
FILTERS = (AT_POST, OUT, ON_LEAVE, BUSINESS_TRIP, ON_DUTY, SHOW_OVERDUE, AWAY_WITHOUT_NOTICE, SHOW_AWAY)
_FILTER_OF_STATUS = {ON_LEAVE_AM: ON_LEAVE, ON_LEAVE_PM: ON_LEAVE}
PRESENT = frozenset({AT_POST, ON_DUTY})     # at work: everyone else is away from the post


def row_filters(status: str, overdue: bool) -> frozenset[str]:
    """The filters a person of the board belongs to."""
    found = {_FILTER_OF_STATUS.get(status, status)}
    if overdue:
        found.add(SHOW_OVERDUE)
    if status not in PRESENT:
        found.add(SHOW_AWAY)
    return frozenset(found)


def filter_counts(rows: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """How many people each filter shows, from (status, overdue) of everyone on the board."""
    counted: Counter = Counter()
    for status, overdue in rows:
        counted.update(row_filters(status, overdue))
    return {name: counted[name] for name in FILTERS}


def attention_rank(status: str, overdue: bool) -> int:
    """Who comes first in a list of the board: the overdue, then those found away without a
    notice, then everyone else (a stable sort keeps the department's own order among them)."""
    if overdue:
        return 0
    return 1 if status == AWAY_WITHOUT_NOTICE else 2


# A presence check that found someone away without a notice (and wrote 旷工) can be taken back
# by whoever recorded it, for a short while: a mis-tap, the wrong row. Afterwards it stands,
# and a mistake is the register's to correct (the 旷工 stays, with its history).
UNDO_WINDOW = timedelta(minutes=1)
WITHDRAWN = "withdrawn"     # the finding of a check that takes back an earlier one (withdraws_id)
# Why a finding cannot be taken back (undo_problem).
NOT_AWAY_FINDING = "not_away_finding"
NOT_YOURS = "not_yours"
ALREADY_UNDONE = "already_undone"
TOO_LATE = "too_late"


def undo_problem(found: str, checked_by_id: int, checked_at: datetime, viewer_id: int, now: datetime,
                 withdrawn: bool) -> str | None:
    """Why `viewer_id` cannot take back a presence check now, or None. Only a finding of
    absence, only by who recorded it, once, and within UNDO_WINDOW of recording it (exactly at
    its end still counts)."""
    if found != AWAY_WITHOUT_NOTICE:
        return NOT_AWAY_FINDING
    if withdrawn:
        return ALREADY_UNDONE
    if viewer_id != checked_by_id:
        return NOT_YOURS
    if now > checked_at + UNDO_WINDOW:
        return TOO_LATE
    return None


def effective_findings(checks: Iterable[tuple[int, int, str, int | None]]) -> dict[int, int]:
    """Each person's finding that stands: (check id, person, found, withdraws id) in the
    order they were recorded -> person: id of their latest check not taken back (a withdrawal
    brings back what stood before the check it withdraws)."""
    standing: dict[int, list[int]] = {}
    for check_id, person, found, withdraws in checks:
        kept = standing.setdefault(person, [])
        if found == WITHDRAWN:
            if withdraws in kept:
                kept.remove(withdraws)
        else:
            kept.append(check_id)
    return {person: kept[-1] for person, kept in standing.items() if kept}

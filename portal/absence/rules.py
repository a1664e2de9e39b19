"""Regulation 7 离岗告知制度 as pure functions: who approves a leave-post notice, when an
absence is long enough to be leave instead, whether someone came back on time, and who may
see or do what with a notice. No database, no Flask: the views pass everything in."""

from datetime import datetime, timedelta
from typing import Collection

HALF_DAY_HOURS = 4          # default of PORTAL_HALF_DAY_HOURS
RETURN_GRACE_MINUTES = 10   # default of PORTAL_RETURN_GRACE_MINUTES

ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"

# What the board says about each person (in this order of precedence).
AWAY_WITHOUT_NOTICE = "away_without_notice"
OUT = "out"
ON_LEAVE = "on_leave"
BUSINESS_TRIP = "business_trip"
ON_DUTY = "on_duty"
AT_POST = "at_post"
BOARD_STATUSES = (AWAY_WITHOUT_NOTICE, OUT, ON_LEAVE, BUSINESS_TRIP, ON_DUTY, AT_POST)

OPEN_STATES = ("pending", "approved")       # out (or about to be) and not back yet
FOUND = ("at_post", "away_without_notice")  # a presence check's findings

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
    ValueError for the GM (nobody above: the office head is simply told, see
    `resolve_approver`) and for unknown ranks."""
    try:
        return _APPROVER_BY_RANK[requester_rank]
    except KeyError:
        raise ValueError(f"no leave-post approver for rank {requester_rank!r}") from None


def resolve_approver(candidate_id: int | None, requester_id: int, away: Collection[int],
                     office_head_id: int | None, gm_id: int | None = None) -> tuple[int | None, bool]:
    """(who decides, whether that is the fallback). The approver of record unless they cannot
    be reached — none, away themselves, or the requester — then the head of 办公室 (the
    regulation's own fallback), then the GM as a last resort."""
    if candidate_id is not None and candidate_id != requester_id and candidate_id not in away:
        return candidate_id, False
    for fallback in (office_head_id, gm_id):
        if fallback is not None and fallback != requester_id and fallback not in away:
            return fallback, True
    for fallback in (office_head_id, gm_id):  # everybody away: still someone must hear of it
        if fallback is not None and fallback != requester_id:
            return fallback, True
    return None, True


def needs_leave_request(left_at: datetime, expected_back: datetime,
                        half_day_hours: float = HALF_DAY_HOURS) -> bool:
    """True when the absence is longer than half a day: that is leave (regulation 1)."""
    return expected_back - left_at > timedelta(hours=half_day_hours)


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
    than a day ahead, or coming back already in the past."""
    if expected_back <= left_at:
        return "back_before_left"
    if left_at > now + timedelta(days=1):
        return "too_far_ahead"
    if expected_back <= now:
        return "back_in_past"
    return None


def board_status(on_notice: bool, on_leave: bool, on_trip: bool, on_duty: bool,
                 found_away: bool) -> str:
    """What the board says about one person today."""
    if on_notice:
        return OUT
    if found_away:
        return AWAY_WITHOUT_NOTICE
    if on_leave:
        return ON_LEAVE
    if on_trip:
        return BUSINESS_TRIP
    if on_duty:
        return ON_DUTY
    return AT_POST


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


def can_print_card(state: str) -> bool:
    """Refused notices get no card; a returned one is still printable for the record."""
    return state != "refused"

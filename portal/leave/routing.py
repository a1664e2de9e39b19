"""Who decides a leave request now: the approver of record, or — while they are away — their
post substitute, or one level up (regulation 4). Nothing here changes state: who acts is
derived at read time from who is away at `now`.

Who is away and their substitutes come from `portal.presence`."""

from dataclasses import dataclass, field
from datetime import datetime

from ..clock import local_today
from ..presence.queries import away, general_manager_id, substitutes_of
from ..staff.models import Department, Employee
from ..workdays.queries import current as working_calendar
from . import queries_requests as queries, rules
from .models import LeaveRequest


@dataclass
class Routing:
    """Who is away, their substitutes and the GM, loaded once for a page (two statements)."""
    away: set[int]
    gm_id: int | None
    substitutes: dict[int, int | None] = field(default_factory=dict)

    def candidates(self, department: Department) -> dict[str, int | None]:
        return self.candidates_of(department.head_id, department.deputy_id)

    def candidates_of(self, head_id: int | None, deputy_id: int | None) -> dict[str, int | None]:
        return {"department_head": head_id, "deputy_manager": deputy_id, "general_manager": self.gm_id}

    def for_new(self, level: str, requester: Employee, department: Department):
        """(record_id, record_level, record_reason, acting_id, acting_reason) for a new request."""
        candidates = self.candidates(department)
        record, record_level, reason = rules.approver_of_record(level, candidates, requester.id)
        if record is None:
            return None, None, reason, None, rules.NO_APPROVER
        acting, acting_reason = rules.acting_approver(record, record_level, candidates, requester.id,
                                                      self.away, self.substitutes)
        return record, record_level, reason, acting, acting_reason

    def acting(self, request: LeaveRequest, away: set[int] | None = None) -> tuple[int | None, str]:
        """Who decides `request` now, and why (needs request.employee.department loaded)."""
        if request.approver_id is None:
            return None, rules.NO_APPROVER
        return rules.acting_approver(
            request.approver_id, request.approver_level, self.candidates(request.employee.department),
            request.employee_id, self.away if away is None else away, self.substitutes)


def load(now_utc: datetime, also_away: set[int] = frozenset()) -> Routing:
    """The routing facts at `now_utc`; `also_away` adds people about to be away (to tell
    where their requests will go while they are)."""
    facts = away(now_utc)
    extra = set(also_away) - facts.ids
    return Routing(away=set(facts.ids) | extra, gm_id=general_manager_id(),
                   substitutes={**facts.substitutes, **substitutes_of(extra)})


# --- what waits for a user (the inbox, its badge, the home page) ---------------------------

def waiting_for(user_id: int, now: datetime):
    """[(request, acting reason)] the user must decide now, and the routing facts."""
    route = load(now)
    return _with_reasons(route, _waiting_ids(user_id, route)), route


def first_waiting(user_id: int, now: datetime, limit: int) -> tuple[list, int]:
    """The first `limit` of `waiting_for`'s rows (only they are loaded whole), and how many wait."""
    route = load(now)
    ids = _waiting_ids(user_id, route)
    return _with_reasons(route, ids, limit), len(ids)


def _with_reasons(route: Routing, ids: list[int], limit: int | None = None) -> list:
    return [(leave, route.acting(leave)[1]) for leave in queries.pending_with_people(ids, limit)]


def waiting_count(user_id: int, now: datetime) -> int:
    """How many requests `waiting_for` lists, from their routing columns alone (the home
    page and the navigation badge: no request is loaded whole)."""
    return len(_waiting_ids(user_id, load(now)))


def _waiting_ids(user_id: int, route: Routing) -> list[int]:
    """The requests `user_id` decides now, found from their routing columns."""
    return [r.id for r in queries.pending_routes_maybe_for(user_id, route.away)
            if r.employee_id != user_id and rules.acting_approver(
                r.approver_id, r.approver_level, route.candidates_of(r.head_id, r.deputy_id),
                r.employee_id, route.away, route.substitutes)[0] == user_id]


def overdue_for(user) -> list:
    """Approved leave not reported back in time: all of it for the office, else the leave the
    user approved (or must approve)."""
    today = local_today()
    leaves = queries.not_reported_back(today, _overdue_scope(user))
    working_calendar()  # loaded whether or not a leave is listed: the page's SQL stays the same
    return [r for r in leaves if _overdue(r.end_date, r.end_part, today)]


def overdue_count(user) -> int:
    """How many leaves `overdue_for` lists, from their end days alone (the home page)."""
    today = local_today()
    ends = queries.not_reported_back_ends(today, _overdue_scope(user))
    working_calendar()
    return sum(1 for end_date, end_part in ends if _overdue(end_date, end_part, today))


def _overdue_scope(user) -> int | None:
    return None if user.has_role("office") else user.id


def _overdue(end_date, end_part, today) -> bool:
    return rules.report_back_overdue(end_date, end_part, False, today)

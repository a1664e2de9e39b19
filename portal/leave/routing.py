"""Who decides a leave request now: the approver of record, or — while they are away — their
post substitute, or one level up (regulation 4). Nothing here changes state: who acts is
derived at read time from who is away at `now`.

Who is away and their substitutes come from `portal.presence`."""

from dataclasses import dataclass, field
from datetime import datetime

from ..presence.queries import away_at, general_manager_id, substitutes_of
from ..staff.models import Department, Employee
from . import rules
from .models import LeaveRequest


@dataclass
class Routing:
    """Who is away, their substitutes and the GM, loaded once for a page (three queries)."""
    away: set[int]
    gm_id: int | None
    substitutes: dict[int, int | None] = field(default_factory=dict)

    def candidates(self, department: Department) -> dict[str, int | None]:
        return {"department_head": department.head_id, "deputy_manager": department.deputy_id,
                "general_manager": self.gm_id}

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
    away = away_at(now_utc) | set(also_away)
    return Routing(away=away, gm_id=general_manager_id(), substitutes=substitutes_of(away))

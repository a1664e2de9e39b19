"""Who decides a leave request now: the approver of record, or — while they are away — their
post substitute, or one level up (regulation 4). Nothing here changes state: who acts is
derived at read time from who is away at `now`.

`away_at(now)` is THE list of people away: approved leave covering `now` (the absence area
adds its leave-post notices here)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..absence.models import LeavePostNotice
from ..extensions import db
from ..staff.models import Department, Employee, Post
from ..clock import to_local
from . import rules
from .models import LeaveRequest


def local_naive(now_utc: datetime) -> datetime:
    return to_local(now_utc).replace(tzinfo=None)


def away_at(now_utc: datetime) -> set[int]:
    """The ids of the people away at `now_utc`: on approved leave covering that moment and
    not yet reported back, or out on an approved leave-post notice (regulation 7) that has
    begun and is not yet returned (two queries)."""
    now = local_naive(now_utc)
    today = now.date()
    rows = db.session.execute(
        select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
               LeaveRequest.end_date, LeaveRequest.end_part, LeaveRequest.reported_back_at)
        .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= today,
               LeaveRequest.end_date >= today)).all()
    intervals: dict[int, list] = {}
    for r in rows:
        start, end = rules.leave_span(r.start_date, r.start_part, r.end_date, r.end_part)
        if r.reported_back_at is not None:
            end = min(end, local_naive(r.reported_back_at))
        intervals.setdefault(r.employee_id, []).append((start, end))
    notices = db.session.execute(
        select(LeavePostNotice.employee_id, LeavePostNotice.left_at)
        .where(LeavePostNotice.state == "approved", LeavePostNotice.returned_at.is_(None),
               LeavePostNotice.left_at <= now_utc)).all()
    for n in notices:
        intervals.setdefault(n.employee_id, []).append((local_naive(n.left_at), None))
    return rules.away_ids(intervals, now)


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


def general_manager_id() -> int | None:
    return db.session.scalar(select(Employee.id).where(
        Employee.active, Employee.rank == "general_manager").order_by(Employee.id).limit(1))


def substitutes_of(ids) -> dict[int, int | None]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Employee.id, Post.substitute_id).outerjoin(Employee.post).where(Employee.id.in_(ids))).all())


def load(now_utc: datetime, also_away: set[int] = frozenset()) -> Routing:
    """The routing facts at `now_utc`; `also_away` adds people about to be away (to tell
    where their requests will go while they are)."""
    away = away_at(now_utc) | set(also_away)
    return Routing(away=away, gm_id=general_manager_id(), substitutes=substitutes_of(away))

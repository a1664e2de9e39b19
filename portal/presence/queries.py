"""Who is away at a moment, and the post substitutes, from the database."""

from datetime import datetime

from sqlalchemy import and_, select

from ..absence.models import LeavePostNotice
from ..clock import to_local
from ..extensions import db
from ..leave.models import LeaveRequest
from ..leave.rules import leave_span
from ..staff.models import Employee, Post
from . import rules


def local_naive(now_utc: datetime) -> datetime:
    return to_local(now_utc).replace(tzinfo=None)


def away_at(now_utc: datetime) -> set[int]:
    """THE list of people away at `now_utc`: on approved leave covering that moment and not
    yet reported back, or out on an approved leave-post notice (regulation 7) that has begun
    and is not yet returned (two queries)."""
    now = local_naive(now_utc)
    today = now.date()
    rows = db.session.execute(
        select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
               LeaveRequest.end_date, LeaveRequest.end_part, LeaveRequest.reported_back_at)
        .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= today,
               LeaveRequest.end_date >= today)).all()
    intervals: dict[int, list] = {}
    for r in rows:
        start, end = leave_span(r.start_date, r.start_part, r.end_date, r.end_part)
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


def general_manager_id() -> int | None:
    return db.session.scalar(select(Employee.id).where(
        Employee.active, Employee.rank == "general_manager").order_by(Employee.id).limit(1))


def substitutes_of(ids) -> dict[int, int | None]:
    """Each person's post substitute (代岗人), or None — also when they are named their own."""
    ids = set(ids)
    if not ids:
        return {}
    return {person: (sub if sub != person else None) for person, sub in db.session.execute(
        select(Employee.id, Post.substitute_id).outerjoin(Employee.post).where(Employee.id.in_(ids))).all()}


def stands_in_for_gm(user_id: int, now_utc: datetime) -> bool:
    """Whether `user_id` decides what the general manager would at `now_utc`: his post
    substitute (代岗人) while he is away — on approved leave covering that moment and not
    reported back, or out on an approved leave-post notice (as `away_at`). One statement,
    whoever asks (it runs for the navigation of every page that may offer overtime)."""
    now = local_naive(now_utc)
    rows = db.session.execute(
        select(Employee.id, Post.substitute_id, LeaveRequest.start_date, LeaveRequest.start_part,
               LeaveRequest.end_date, LeaveRequest.end_part, LeaveRequest.reported_back_at, LeavePostNotice.left_at)
        .select_from(Employee).outerjoin(Employee.post)
        .outerjoin(LeaveRequest, and_(LeaveRequest.employee_id == Employee.id, LeaveRequest.state == "approved",
                                      LeaveRequest.start_date <= now.date(), LeaveRequest.end_date >= now.date()))
        .outerjoin(LeavePostNotice, and_(LeavePostNotice.employee_id == Employee.id,
                                         LeavePostNotice.state == "approved", LeavePostNotice.returned_at.is_(None),
                                         LeavePostNotice.left_at <= now_utc))
        .where(Employee.active, Employee.rank == "general_manager").order_by(Employee.id)).all()
    if not rows or rows[0].substitute_id is None or rows[0].substitute_id != user_id:
        return False
    gm, intervals = rows[0].id, []
    for r in rows:
        if r.id != gm:
            continue
        if r.start_date is not None:
            start, end = leave_span(r.start_date, r.start_part, r.end_date, r.end_part)
            if r.reported_back_at is not None:
                end = min(end, local_naive(r.reported_back_at))
            intervals.append((start, end))
        if r.left_at is not None:
            intervals.append((local_naive(r.left_at), None))
    return rules.is_away(intervals, now)

"""Who is away at a moment, and the post substitutes, from the database."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, DateTime, String, null, select, union_all

from ..absence.models import LeavePostNotice, NoticeEvent
from ..clock import to_local
from .. import derived_cache, request_cache
from ..extensions import db
from ..leave.models import LeaveRequest
from ..leave.rules import leave_span
from ..staff.models import Employee, Post
from . import rules


def local_naive(now_utc: datetime) -> datetime:
    return to_local(now_utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Away:
    """Who is away at a moment, and the post substitute (代岗人) of each of them."""
    ids: frozenset[int]
    substitutes: dict[int, int | None]
    expected_back: dict[int, datetime]   # out on a leave-post notice: when they said they would be back
    who: dict[int, tuple[int, str]]      # each one's department and name


def away(now_utc: datetime) -> Away:
    """THE list of people away at `now_utc`: on approved leave covering that moment and not
    yet reported back, or out on an approved leave-post notice (regulation 7) that has begun
    and is not yet returned; with their substitutes. One statement, once per request (a page's
    panels ask within moments of each other)."""
    loaded_at, facts = request_cache.once("away", None, lambda: (now_utc, _load_away(now_utc)))
    if abs(loaded_at - now_utc) > SAME_MOMENT:
        return _load_away(now_utc)
    return facts


SAME_MOMENT = timedelta(seconds=60)


def _load_away(now_utc: datetime) -> Away:
    now = local_naive(now_utc)
    intervals, substitutes, expected_back, who = derived_cache.remembered(
        "away", now.date(), lambda: _away_facts(now.date()))
    ids = frozenset(rules.away_ids(intervals, now))
    return Away(ids, {person: substitutes[person] for person in ids},
                {person: back for person, back in expected_back.items() if person in ids},
                {person: who[person] for person in ids})


def _away_facts(today: date) -> tuple[dict[int, list], dict[int, int | None], dict[int, datetime],
                                      dict[int, tuple[int, str]]]:
    """Everyone who may be away at some moment of `today`: their intervals away (naive local),
    post substitutes and expected returns (one statement). Kept per process while leave, notices,
    decisions and posts stand (derived_cache): any page of a leader asks for it."""
    leave = (select(LeaveRequest.employee_id, LeaveRequest.start_date, LeaveRequest.start_part,
                    LeaveRequest.end_date, LeaveRequest.end_part, LeaveRequest.reported_back_at,
                    null().cast(DateTime).label("left_at"), null().cast(DateTime).label("expected_back"),
                    Post.substitute_id, Employee.department_id, Employee.name)
             .join(Employee, Employee.id == LeaveRequest.employee_id).outerjoin(Employee.post)
             .where(LeaveRequest.state == "approved", LeaveRequest.start_date <= today,
                    LeaveRequest.end_date >= today))
    notices = (select(LeavePostNotice.employee_id, null().cast(Date), null().cast(String), null().cast(Date),
                      null().cast(String), null().cast(DateTime), LeavePostNotice.left_at,
                      LeavePostNotice.expected_back, Post.substitute_id, Employee.department_id, Employee.name)
               .join(Employee, Employee.id == LeavePostNotice.employee_id).outerjoin(Employee.post)
               .where(LeavePostNotice.state == "approved", LeavePostNotice.returned_at.is_(None)))
    intervals: dict[int, list] = {}
    substitutes: dict[int, int | None] = {}
    expected_back: dict[int, datetime] = {}
    who: dict[int, tuple[int, str]] = {}
    for r in db.session.execute(union_all(leave, notices)).all():
        substitutes[r.employee_id] = r.substitute_id if r.substitute_id != r.employee_id else None
        who[r.employee_id] = (r.department_id, r.name)
        if r.left_at is not None:
            intervals.setdefault(r.employee_id, []).append((local_naive(r.left_at), None))
            expected_back[r.employee_id] = min(r.expected_back, expected_back.get(r.employee_id, r.expected_back))
            continue
        start, end = leave_span(r.start_date, r.start_part, r.end_date, r.end_part)
        if r.reported_back_at is not None:
            end = min(end, local_naive(r.reported_back_at))
        intervals.setdefault(r.employee_id, []).append((start, end))
    return intervals, substitutes, expected_back, who


# What who-is-away is derived from besides leave events, decisions and who holds which post
# (followed by their areas): every change to a notice adds an event; the posts' substitutes.
derived_cache.follow(NoticeEvent, Post)


def away_among(people, now_utc: datetime) -> set[int]:
    """Which of `people` are away at `now_utc` (see `away`), asking only about them: for pages
    that check a few people at many moments (the drivers free for each trip of a queue)."""
    now = local_naive(now_utc)
    intervals, _substitutes, _back, _who = derived_cache.remembered("away", now.date(), lambda: _away_facts(now.date()))
    return {person for person in people if rules.is_away(intervals.get(person, ()), now)}


def away_at(now_utc: datetime) -> set[int]:
    """The ids of the people away at `now_utc` (see `away`)."""
    return set(away(now_utc).ids)


def general_manager_id() -> int | None:
    """The general manager's id: read with the derived-cache versions, which every page of a
    leader reads anyway (one statement fewer than asking it on its own)."""
    return derived_cache.version("general_manager")


derived_cache.track("general_manager", select(Employee.id).where(Employee.active, Employee.rank == "general_manager")
                    .order_by(Employee.id).limit(1))


def substitutes_of(ids) -> dict[int, int | None]:
    """Each person's post substitute (代岗人), or None — also when they are named their own."""
    ids = set(ids)
    if not ids:
        return {}
    return {person: (sub if sub != person else None) for person, sub in db.session.execute(
        select(Employee.id, Post.substitute_id).outerjoin(Employee.post).where(Employee.id.in_(ids))).all()}


def stands_in_for_gm(user_id: int, now_utc: datetime) -> bool:
    """Whether `user_id` decides what the general manager would at `now_utc`: his post
    substitute (代岗人) while he is away (see `away`)."""
    gm, facts = general_manager_id(), away(now_utc)
    return gm in facts.ids and facts.substitutes.get(gm) == user_id


def acting_for(user_id: int, now_utc: datetime) -> set[int]:
    """Whose decisions `user_id` takes at `now_utc`: their own, and those of everyone away whose
    post substitute (代岗人) they are (see `away`)."""
    facts = away(now_utc)
    return {user_id} | {person for person in facts.ids if facts.substitutes.get(person) == user_id}

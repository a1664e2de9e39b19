"""Being away, as pure functions over intervals of naive local time."""

from collections.abc import Iterable, Mapping
from datetime import datetime


def is_away(intervals: Iterable[tuple[datetime, datetime | None]], now: datetime) -> bool:
    """Whether `now` lies in any half-open interval [start, end); end None = not back yet.
    Use `leave_span` for approved leave and (left_at, returned_at) for a leave-post notice;
    all values naive local time."""
    return any(start <= now and (end is None or now < end) for start, end in intervals)


def away_ids(intervals_by_person: Mapping[int, Iterable[tuple[datetime, datetime | None]]],
             now: datetime) -> set[int]:
    """The ids of the people away at `now` (see `is_away`)."""
    return {person for person, intervals in intervals_by_person.items() if is_away(intervals, now)}


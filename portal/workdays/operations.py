"""Entering a year's holiday schedule: the only code of the area that writes."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..extensions import db
from ..leave.models import LeaveEvent
from . import queries, rules
from .models import HolidaySchedule


@dataclass
class Entered:
    schedule: HolidaySchedule
    recounted: list[tuple[object, Decimal, Decimal]] = field(default_factory=list)


def recount_detail(year: int, old: Decimal, new: Decimal) -> str:
    """The detail of a "recounted" leave event: "2027 5 4" (year, days before, days after)."""
    return f"{year} {Decimal(old).normalize():f} {Decimal(new).normalize():f}"


def enter_schedule(year: int, holidays: Iterable[date], workdays: Iterable[date], by) -> Entered:
    """Record the office's schedule of `year` (a new row; earlier entries stay as history),
    then recount the stored working days of the submitted and approved leave requests
    touching that year, each change noted in the request's history. Their approver stays as
    it is. Commits."""
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    if not rules.FIRST_YEAR <= year <= rules.LAST_YEAR:
        raise ValueError(f"year {year} is outside {rules.FIRST_YEAR}–{rules.LAST_YEAR}")
    if any(d.year != year for d in holidays + workdays):
        raise ValueError(f"a date outside {year}")
    if problems := rules.schedule_problems(holidays, workdays, year):
        raise ValueError("; ".join(str(p) for p in problems))
    schedule = HolidaySchedule(year=year, holidays=rules.dates_text(holidays),
                               workdays=rules.dates_text(workdays), entered_by_id=by.id)
    db.session.add(schedule)
    db.session.flush()
    queries.forget()
    changes = queries.recount(year, queries.current())
    for leave, old, new in changes:
        leave.days = new
        leave.events.append(LeaveEvent(kind="recounted", actor_id=by.id, detail=recount_detail(year, old, new)))
    db.session.commit()
    return Entered(schedule, changes)

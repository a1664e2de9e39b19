"""Loading the working calendar: the latest schedule the office entered for each year, built
once per worker while no schedule is entered (derived_cache) and only when something asks."""

from datetime import date
from decimal import Decimal

from flask import g, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import derived_cache
from ..extensions import db
from . import rules
from .models import HolidaySchedule

_G_KEY = "_portal_working_calendar"
COUNTED_STATES = ("submitted", "approved")   # leave whose stored working days are kept up to date


def current() -> rules.WorkingCalendar:
    """The working calendar of this request (or CLI command), built from one SELECT when a
    schedule was entered since it was last built, and kept on flask.g; outside an application,
    the package-only calendar."""
    if not has_app_context():
        return rules.PACKAGE_ONLY
    calendar = g.get(_G_KEY)
    if calendar is None:
        calendar = derived_cache.remembered("working_calendar", None, lambda: rules.WorkingCalendar({
            row.year: (rules.read_dates_text(row.holidays), rules.read_dates_text(row.workdays))
            for row in latest_schedules()}))
        setattr(g, _G_KEY, calendar)
    return calendar


def forget() -> None:
    """Drop this request's calendar (after a schedule was entered): the next use reloads it."""
    if has_app_context():
        g.pop(_G_KEY, None)


def latest_schedules() -> list[HolidaySchedule]:
    """The schedule in force for each year entered: its latest entry."""
    latest = select(func.max(HolidaySchedule.id)).group_by(HolidaySchedule.year)
    return list(db.session.scalars(select(HolidaySchedule).where(HolidaySchedule.id.in_(latest))))


def history(year: int) -> list[HolidaySchedule]:
    """Every entry for `year`, newest first, with who entered it."""
    return list(db.session.scalars(
        select(HolidaySchedule).options(joinedload(HolidaySchedule.entered_by))
        .where(HolidaySchedule.year == year).order_by(HolidaySchedule.id.desc())))


def leave_touching(year: int) -> list:
    """Submitted and approved leave requests with a day in `year`."""
    from ..leave.models import LeaveRequest
    return list(db.session.scalars(
        select(LeaveRequest).options(joinedload(LeaveRequest.employee))
        .where(LeaveRequest.state.in_(COUNTED_STATES),
               LeaveRequest.start_date <= date(year, 12, 31), LeaveRequest.end_date >= date(year, 1, 1))
        .order_by(LeaveRequest.start_date, LeaveRequest.id)))


def recount(year: int, calendar: rules.WorkingCalendar) -> list[tuple[object, Decimal, Decimal]]:
    """[(leave request, stored days, days on `calendar`)] for the submitted and approved
    requests touching `year` whose working days `calendar` counts differently (0 when it
    leaves them no working day). Reads only."""
    from ..leave import rules as leave_rules
    changes = []
    for leave in leave_touching(year):
        try:
            days = leave_rules.leave_length(leave.start_date, leave.start_part, leave.end_date, leave.end_part,
                                            calendar=calendar)
        except leave_rules.NoWorkingDay:
            days = Decimal(0)
        except leave_rules.InvalidRange:
            continue
        if days != leave.days:
            changes.append((leave, leave.days, days))
    return changes


# Figures over working days (derived_cache) follow the schedules of holidays.
derived_cache.follow(HolidaySchedule)

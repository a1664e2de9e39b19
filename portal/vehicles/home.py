"""The vehicles area's items on the home page: for the guard the cars out now (leading to the
gate); for the guard, the office and the GM the cars still outside after hours (urgent); for
the office insurance and road fees coming due (urgent once overdue)."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_today, to_local, utcnow
from ..home.panels import Waiting, provider
from ..workdays.queries import current as working_calendar
from . import queries, rules


@provider
def papers_due(user) -> list[Waiting]:
    """For the office: insurance and road fees due within 30 days; urgent once one is overdue."""
    if not user.has_role("office"):
        return []
    today = local_today()
    return [Waiting(_l("Car insurance or road fees due"), queries.papers_due_query(today), url_for("vehicles.cars"),
                    urgent=queries.papers_overdue_query(today))]


@provider
def cars_outside(user) -> list[Waiting]:
    sees = user.has_role("guard", "office") or user.rank == "general_manager"
    if not sees:
        return []
    after_hours = rules.must_be_in_compound(to_local(utcnow()).replace(tzinfo=None), working_calendar())
    if after_hours:
        return [Waiting(_l("Cars still outside after hours"), queries.cars_out_query(), url_for("vehicles.gate"),
                        urgent=True)]
    if user.has_role("guard"):
        return [Waiting(_l("Cars out now"), queries.cars_out_query(), url_for("vehicles.gate"))]
    return []

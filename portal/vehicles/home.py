"""The vehicles area's items on the home page: for the guard the cars out now and the trips due
out later today (leading to the gate); for the guard, the office and the GM the cars still outside after hours (urgent); for
the office insurance and road fees coming due (urgent once overdue) and repairs to pass on; for
the GM and heads (or their substitutes) what waits for their approval."""

from datetime import datetime, time, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_to_utc, local_today, to_local, utcnow
from ..home import decisions, figures, schedule
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..presence import queries as presence_queries
from ..workdays.queries import current as working_calendar
from . import queries, rules
from .blueprint import DRIVERS, GENERAL_MANAGER


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
        now = utcnow()
        midnight = local_to_utc(datetime.combine(to_local(now).date() + timedelta(days=1), time()))
        return [Waiting(_l("Cars out now"), queries.cars_out_query(), url_for("vehicles.gate")),
                Waiting(_l("Trips due out later today"), queries.trips_due_out_query(now, midnight),
                        url_for("vehicles.gate"))]
    return []


@provider(decides=True)
def car_approvals(user) -> list[Waiting]:
    """Requests waiting for this person's word (a loan: the GM; their van: the owning head; or
    whoever stands in for them), and for the GM the repairs the office forwarded."""
    now = utcnow()
    acting = presence_queries.acting_for(user.id, now)
    items = []
    if user.rank != "staff" or len(acting) > 1:
        waiting = queries.awaiting_count_query(acting)
        items.append(Waiting(_l("Car requests waiting for your approval"), waiting,
                             url_for("home.decisions") + "#car-requests", urgent=waiting))
    if queries.decides_repairs(user, now):
        items.append(Waiting(_l("Car repairs waiting for your approval"), queries.repairs_count_query(rules.FORWARDED),
                             url_for("home.decisions") + "#car-repairs"))
    return items


@decision_source
def car_decisions(user) -> list[Section]:
    acting = presence_queries.acting_for(user.id, utcnow())
    requests, waiting = queries.first_awaiting_requests(acting, decisions.SHOWN)
    sections = [Section("car-requests", _l("Requests for a car"), "vehicles/_decisions_requests.html",
                        requests, url_for("vehicles.approvals"), ("vehicles",), waiting)]
    if queries.decides_repairs(user, utcnow()):
        repairs, forwarded = queries.first_repairs_in_state(rules.FORWARDED, decisions.SHOWN)
        sections.append(Section("car-repairs", _l("Car repairs"), "vehicles/_decisions_repairs.html",
                                repairs, url_for("vehicles.approvals"), ("vehicles",), forwarded))
    return sections


@provider
def repairs_to_handle(user) -> list[Waiting]:
    """For the office: repair lists to pass on to the GM, and approved repairs to record."""
    if not user.has_role("office"):
        return []
    return [Waiting(_l("Repair lists to pass on to the general manager"), queries.repairs_count_query(rules.LISTED),
                    url_for("vehicles.repairs")),
            Waiting(_l("Approved repairs to record"), queries.repairs_count_query(rules.APPROVED),
                    url_for("vehicles.repairs"))]


@figures.source(shown_to=GENERAL_MANAGER, order=20)
def cars_now() -> figures.Group:
    """For the GM (who reads the gate): how many cars are outside the compound now."""
    return figures.Group(_l("Vehicles"), [figures.Figure(_l("Cars out now"), queries.cars_out_query().number(),
                                                      url_for("vehicles.gate"))])


NEXT_TRIPS = 3   # on the home page; all of them on the driver's page


@provider
def my_car_papers(user) -> list[Waiting]:
    """For a driver: his car's insurance or road fees due within 30 days (urgent once past due)."""
    if not DRIVERS.allows(user):
        return []
    today = local_today()
    return [Waiting(_l("Insurance or road fees of your car due soon"), queries.papers_due_query(today, user.id),
                    url_for("vehicles.mine"), urgent=queries.papers_overdue_query(today, user.id))]


@schedule.source
def next_trips(user) -> list[schedule.Entry]:
    if not DRIVERS.allows(user):
        return []
    return [schedule.Entry(_l("My trip"), f"{to_local(t.starts_at):%m-%d %H:%M}–{to_local(t.ends_at):%H:%M}",
                           f"{t.car.plate} {t.request.destination}" if t.request else t.car.plate, url_for("vehicles.mine"))
            for t in queries.drivers_trips(user.id, utcnow(), limit=NEXT_TRIPS)]

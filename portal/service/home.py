"""The desk's items on the home page: contacts someone owns (or their department must accept),
for customer service and the branches the tickets past their promised time, for the manager in
charge those close to it, connection approvals for the departments' heads, and the month's
planned measurements not yet taken."""

from datetime import datetime, time

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_to_utc, local_today, utcnow
from ..home import decisions, figures
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..presence import queries as presence_queries
from ..workdays.months import add_months
from . import queries, queries_temperature
from .access import BOARD_READERS, MEASURERS, own_branch


@provider
def contacts(user) -> list[Waiting]:
    return [Waiting(_l("Calls and visits passed to your department, to accept"),
                    queries.contacts_to_accept_query(user.department_id), url_for("service.index"), urgent=True)]


@provider
def overdue_tickets(user) -> list[Waiting]:
    if not BOARD_READERS.allows(user):
        return []
    query = queries.overdue_tickets_query(utcnow(), own_branch(user))
    return [Waiting(_l("Tickets past their time limit, nobody on site yet"), query, url_for("service.board"), urgent=True)]


@provider(decides=True)
def connection_approvals(user) -> list[Waiting]:
    """A department head (or their substitute) decides their department's part of a connection."""
    acting = _deciding_for(user)
    if not acting:
        return []
    return [Waiting(_l("Connection applications waiting for your department’s approval"),
                    queries.connection_approvals_query(acting), url_for("home.decisions") + "#connections",
                    urgent=True)]


@decision_source
def connection_decisions(user) -> list[Section]:
    acting = _deciding_for(user)
    if not acting:
        return []
    rows, total = queries.connection_approvals_waiting(acting, decisions.SHOWN)
    return [Section("connections", _l("Connection applications"), "service/_decisions_connections.html", rows,
                    url_for("service.connections"), ("service",), total)]


def _deciding_for(user) -> set[int]:
    """Whose department's part the user decides: their own, and that of anyone they stand in for
    (a plain employee only while standing in)."""
    acting = presence_queries.acting_for(user.id, utcnow())
    return set() if user.rank == "staff" and len(acting) == 1 else set(acting)


@provider
def near_deadline(user) -> list[Waiting]:
    """The manager in charge is warned before a ticket's time limit passes (regulation 9)."""
    if user.rank != "deputy_manager":
        return []
    return [Waiting(_l("Tickets close to their time limit, nobody on site yet"),
                    queries.near_deadline_query(utcnow(), user.id), url_for("service.board"), urgent=True)]


@provider
def planned_measurements(user) -> list[Waiting]:
    """Customer service and the branches: this month's planned households not measured yet."""
    if not MEASURERS.allows(user):
        return []
    first = local_today().replace(day=1)
    starts, ends = (local_to_utc(datetime.combine(d, time())) for d in (first, add_months(first, 1)))
    return [Waiting(_l("Households in this month’s measurement plan, not measured yet"),
                    queries_temperature.planned_not_measured_query(first, starts, ends, own_branch(user)),
                    url_for("temperature.plan"))]


@figures.source(shown_to=figures.LEADERSHIP, order=30)
def desk_now() -> figures.Group:
    """For the leadership: the repair calls past their time limit with nobody on site yet."""
    return figures.Group(_l("Service desk"), [figures.Figure(
        _l("Tickets past their time limit, nobody on site yet"),
        queries.overdue_tickets_query(utcnow()).number(), url_for("service.board"), alert=True)])

"""The duty part's items on the home page: unfilled duty shifts of the coming weeks for the
office, overtime reports waiting for the general manager (or, while he is away, his substitute);
and in everyone's schedule their next duty shift."""

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l

from .. import request_cache
from ..home import decisions, schedule
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..clock import local_today, utcnow
from ..presence import queries as presence_queries
from ..web.templating import cn_date
from . import queries_duty as queries
from . import rules
from .labels import WEEKDAYS


@provider
def unfilled_duty(user) -> list[Waiting]:
    if not user.has_role("office"):
        return []
    today = local_today()
    first, last = rules.unfilled_window(today)
    return [Waiting(_l("Unfilled duty shifts in the coming four weeks"),
                    queries.unfilled_count_query(first, last), url_for("leave.roster") + "#unfilled",
                    urgent=queries.unfilled_count_query(first, today + timedelta(days=7), "unfilled_week"))]


@provider(decides=True)
def overtime_waiting(user) -> list[Waiting]:
    if not _decides_overtime(user):
        return []
    return [Waiting(_l("Overtime reports to approve"), queries.overtime_pending_query(),
                    url_for("home.decisions") + "#overtime")]


@decision_source
def overtime_decisions(user) -> list[Section]:
    if not _decides_overtime(user):
        return []
    rows, total = queries.first_overtime_pending(decisions.SHOWN)
    return [Section("overtime", _l("Overtime reports"), "leave/_decisions_overtime.html", rows,
                    url_for("leave.overtime"), ("leave-duty",), total)]


def _decides_overtime(user) -> bool:
    """The GM decides overtime reports; his post substitute while he is away (regulation 4)."""
    return user.rank == "general_manager" or _stands_in_for_gm(user)


def _stands_in_for_gm(user) -> bool:
    """presence.stands_in_for_gm, asked once per request (two panels want it)."""
    return request_cache.once("stands_in_for_gm", user.id,
                              lambda: presence_queries.stands_in_for_gm(user.id, utcnow()))


@provider(decides=True)
def roster_waiting(user) -> list[Waiting]:
    """For the general manager (or, while he is away, his substitute): the months since last month
    whose roster has filled shifts not approved yet (only approved holiday duty earns the
    allowance, §8), each approved at once on /decisions."""
    if not _approves_roster(user):
        return []
    return [Waiting(_l("Duty rosters waiting for your approval"), queries.unapproved_months_query(_roster_since()),
                    url_for("home.decisions") + "#roster")]


@decision_source
def roster_decisions(user) -> list[Section]:
    if not _approves_roster(user):
        return []
    rows = [(month, _("%(year)d-%(month)02d", year=month.year, month=month.month), count)
            for month, count in queries.unapproved_months(_roster_since())]
    return [Section("roster", _l("Duty rosters"), "leave/_decisions_roster.html", rows, url_for("leave.roster"),
                    ("leave-duty",))]


def _approves_roster(user) -> bool:
    return rules.can_approve_roster(user.rank, user.rank != "general_manager" and _stands_in_for_gm(user))


def _roster_since():
    return rules.add_months(local_today().replace(day=1), -1)


@schedule.source
def next_duty(user) -> list[schedule.Entry]:
    shift = queries.next_shift_of(user.id, local_today())
    if shift is None:
        return []
    return [schedule.Entry(_l("My next duty shift"), f"{cn_date(shift.day)} {WEEKDAYS[shift.day.weekday()]}", shift.post,
                           url_for("leave.roster", month=f"{shift.day:%Y-%m}") + f"#day-{shift.day.isoformat()}")]

"""The hygiene area's items on the home page: the fixes a department (or the GM's office's
appointed person) must put right; for the appointed person, the GM's office before work starts;
for the office's director, a warning when that person is away today or it was not done in time;
for the office, fixes to look at again."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from datetime import datetime

from ..clock import local_to_utc, local_today, to_local, utcnow
from ..home import schedule
from ..home.panels import Waiting, provider
from ..presence import queries as presence_queries
from ..workdays.queries import current as working_calendar
from . import queries, rules


@provider
def hygiene_fixes(user) -> list[Waiting]:
    items = [Waiting(_l("Hygiene failures to put right"), queries.fixes_count_query(user.department_id, user.id),
                     url_for("hygiene.index"), urgent=True)]
    if user.has_role("office"):
        items.append(Waiting(_l("Hygiene fixes to look at again"), queries.fixes_to_check_query(),
                             url_for("hygiene.index")))
    return items


@provider
def gm_office(user) -> list[Waiting]:
    """The GM's office is cleaned before work starts each working day (regulation 2 §四): the
    appointed person (or, while they are away, their post substitute) is reminded, late once
    work has started; the office's director is warned when the appointed person is away or it
    was not done in time."""
    today = local_today()
    if not rules.gm_office_due(today, working_calendar()):
        return []
    now = utcnow()
    late = rules.gm_office_late(today, to_local(now).replace(tzinfo=None), None, working_calendar())
    to_clean = queries.gm_office_to_clean_query(presence_queries.acting_for(user.id, now), today)
    items = [Waiting(_l("Clean the general manager’s office before work starts"), to_clean, url_for("hygiene.index"),
                     urgent=to_clean if late else False)]
    if user.has_role("office") and user.rank == "department_head":
        appointed, cleaned = queries.gm_office_today(today)
        if appointed is not None and not cleaned:
            if appointed in presence_queries.away(now).ids:
                items.append(Waiting(_l("The general manager’s office: the appointed person is away today"), 1,
                                     url_for("hygiene.index"), urgent=True))
            elif late:
                items.append(Waiting(_l("The general manager’s office was not cleaned before work started"), 1,
                                     url_for("hygiene.index"), urgent=True))
        if appointed is not None:
            following = working_calendar().next_working_day(today)
            starts = local_to_utc(datetime.combine(following, rules.DAY_STARTS))
            if appointed in presence_queries.away_among([appointed], starts):
                items.append(Waiting(_l("The general manager’s office: the appointed person is away on the next working day"),
                                     1, url_for("hygiene.index")))
    return items


@schedule.source
def my_places(user) -> list[schedule.Entry]:
    """The places the reader's department (or the reader, appointed) keeps clean this week."""
    places = queries.places_of(user.department_id, user.id, local_today())
    return [schedule.Entry(_l("My hygiene places"), str(_l("this week")), "、".join(places), url_for("hygiene.index"))] if places else []

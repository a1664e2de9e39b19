"""The hygiene area's items on the home page: the fixes a department (or the GM's office's
appointed person) must put right; for the appointed person, the GM's office before work starts;
for the office's director, a warning when that person is away today or it was not done in time;
for the office, fixes to look at again."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from datetime import datetime

from ..clock import local_to_utc, local_today, to_local, utcnow
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
        zone = queries.gm_office_zone()
        if zone is not None and zone.appointed_id is not None and queries.gm_office_clean(today) is None:
            if zone.appointed_id in presence_queries.away(now).ids:
                items.append(Waiting(_l("The general manager’s office: the appointed person is away today"), 1,
                                     url_for("hygiene.index"), urgent=True))
            elif late:
                items.append(Waiting(_l("The general manager’s office was not cleaned before work started"), 1,
                                     url_for("hygiene.index"), urgent=True))
        if zone is not None and zone.appointed_id is not None:
            following = working_calendar().next_working_day(today)
            starts = local_to_utc(datetime.combine(following, rules.DAY_STARTS))
            if zone.appointed_id in presence_queries.away_among([zone.appointed_id], starts):
                items.append(Waiting(_l("The general manager’s office: the appointed person is away on the next working day"),
                                     1, url_for("hygiene.index")))
    return items

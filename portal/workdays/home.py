"""The office's reminder on the home page: enter the State Council's holiday schedule of next
year (from 1 November) — or of this year, while it is still counted provisionally."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_today
from ..home.panels import Waiting, provider
from . import queries, rules

REMIND_FROM_MONTH = 11   # the State Council usually publishes next year's schedule in November


@provider
def holiday_schedule_missing(user) -> list[Waiting]:
    if not user.has_role("office"):
        return []
    today = local_today()
    years = [today.year] + ([today.year + 1] if today.month >= REMIND_FROM_MONTH else [])
    years = [year for year in years if rules.package_year(year) is None]   # no query for the package's years
    if not years:
        return []
    calendar = queries.current()
    return [Waiting(_l("Enter the %(year)d holiday schedule published by the State Council", year=year), 1,
                    url_for("workdays.index", year=year), urgent=year == today.year or today.month == 12)
            for year in years if calendar.is_provisional(year)]

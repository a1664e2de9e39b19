"""The residents' side: no login. Today the regulations meant for them; later the live
commitment figures and problem reports."""

from flask import Blueprint, abort, render_template, request
from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from ..handbook import queries as handbook_queries
from ..handbook.queries import placeholder_values
from ..clock import local_today
from ..service.rules import heating_season
from . import charts, queries, rules
from ..web.access import PUBLIC, declare

bp = Blueprint("public", __name__, url_prefix="/public")
declare(bp, PUBLIC)


@bp.get("/")
def index():
    revisions = handbook_queries.current_revisions(local_today(), audience="public")
    return render_template("public/index.html", revisions=revisions)


@bp.get("/regulations/<slug>")
def regulation(slug: str):
    revision = handbook_queries.current_revision(slug, local_today())
    if revision is None or revision.regulation.audience != "public":
        abort(404)
    return render_template("public/regulation.html", revision=revision, values=placeholder_values())


@bp.get("/commitments")
def commitments():
    """Regulation 13's promises, each with its figure for this heating season so far (and for a
    month of it, ?month=YYYY-MM); anything else asked shows the season with a word why."""
    today = local_today()
    season = heating_season(today)
    months = rules.season_months(season, today)
    asked = request.args.get("month", "")
    chosen, problem = rules.chosen_month(asked, months)
    counts = queries.figures(months)
    figures = rules.commitments(counts, months, chosen)
    pictures = queries.remembered(
        ("charts", tuple(months), chosen, str(get_locale()), counts["at"]),
        lambda: {key: charts.months_chart(months, entry["months"], rules.TARGETS[key], chosen)
                 for key, entry in figures.items()})
    message = None
    if problem == rules.NOT_A_MONTH:
        message = _("“%(month)s” is not a month; showing this heating season.", month=asked[:20])
    elif problem == rules.OUTSIDE_SEASON:
        message = _("%(month)s is not a month of this heating season so far; showing the whole season.",
                    month=asked.strip()[:7])
    labelled = [(first, last, rules.month_key(first), format_skeleton("yMMM", first, locale=get_locale()))
                for first, last in months]
    return render_template("public/commitments.html", so_far=rules.season_so_far(season, today), months=labelled,
                           chosen=chosen, message=message, figures=figures, charts=pictures,
                           updated=counts["at"], targets=rules.TARGETS,
                           billing_target=rules.BILLING_TARGET, facilities_target=rules.FACILITIES_TARGET)

"""The residents' side: no login. The regulations meant for them, the live figures of the
service commitments, and reporting a problem and following it by its number."""

from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, request
from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from ..handbook import queries as handbook_queries
from ..handbook.queries import placeholder_values
from ..clock import local_today, utcnow
from ..service import operations as service_operations, queries as service_queries, rules as service_rules
from ..service.models import TrackFailure, WebReport
from ..service.rules import heating_season
from . import charts, queries, rules
from .forms import ReportForm
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
                           updated=counts["at"], targets=rules.TARGETS, entered=rules.entered_figures(queries.entered(season[0])),
                           billing_target=rules.BILLING_TARGET, facilities_target=rules.FACILITIES_TARGET)



# --- a resident reports a problem and follows it (no account) --------------------------------------------

def _client() -> str:
    return (request.remote_addr or "")[:45]       # behind the configured proxies: the real client (ProxyFix)


def _recent(model, column) -> int:
    return service_queries.recent_from(model, column, _client(), utcnow() - timedelta(hours=1))


@bp.route("/report", methods=["GET", "POST"])
def report():
    form = ReportForm()
    if request.method == "GET":
        return render_template("public/report.html", form=form)
    if not rules.within_limit(_recent(WebReport, WebReport.received_at), current_app.config["PUBLIC_REPORTS_PER_HOUR"]):
        return render_template("public/report.html", form=form, limited=True), 429
    if not form.validate():
        return render_template("public/report.html", form=form), 422
    received = service_operations.receive_web_report(
        utcnow(), _client(), name=form.name.data, phone=form.phone.data, address=form.address.data,
        situation=form.situation.data, text=form.text.data or "")
    return render_template("public/report_received.html", report=received)


@bp.get("/track")
def track():
    number, phone = request.args.get("number", "").strip()[:12], request.args.get("phone", "").strip()[:4]
    if not number and not phone:
        return render_template("public/track.html", number=number)
    if not rules.within_limit(_recent(TrackFailure, TrackFailure.at), current_app.config["PUBLIC_TRACK_FAILURES_PER_HOUR"]):
        return render_template("public/track.html", number=number, limited=True), 429
    found = service_queries.web_report(int(number)) if number.isascii() and number.isdigit() and len(number) < 10 else None
    if found is None or not rules.phone_matches(found.phone, phone):
        service_operations.record_track_failure(_client(), utcnow())
        return render_template("public/track.html", number=number, not_found=True), 404
    return render_template("public/track.html", number=number, report=found,
                           steps=service_rules.track_steps(found.received_at, found.ticket))

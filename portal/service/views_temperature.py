"""The temperature register (用户测温制度, regulation 10): a branch measures a household's rooms on a
phone by the regulation's method and sees at once whether each room meets its standard, whether
the measurement itself is valid and whether the company answers for it at all."""

import hashlib
from datetime import date, datetime, time, timedelta
from io import BytesIO
from urllib.parse import quote

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from ..clock import local_to_utc, local_today, to_local, utcnow
from ..leave.reports import XLSX_MIMETYPE
from ..web import htmx, pdf, uploads
from ..web.access import LOGGED_IN, allow, declare
from ..web.args import int_arg, int_form, month_arg
from ..web.forms import clean_line, clean_text, form_problems
from ..workdays.months import add_months, parse_month
from . import operations, queries, queries_temperature, reports, rules
from .forms import MeasurementForm
from .labels import (ENTERED_FIGURE_COUNTS, ENTERED_FIGURE_LABELS, ENTERED_FIGURE_PROBLEMS, EXEMPTION_LABELS, MEASUREMENT_PROBLEM_LABELS, ROOM_LABELS, SIGNATURE_LABELS, VERDICT_LABELS)
from .access import DESK, MEASURERS, OFFICE, TEMPERATURE_READERS, in_reach, own_branch
from ..web.templating import template_names

SIGNATURE_MAX_BYTES = 300_000
bp = Blueprint("temperature", __name__, url_prefix="/service/temperatures")
declare(bp, LOGGED_IN)


template_names(bp, ROOM_LABELS=ROOM_LABELS, SIGNATURE_LABELS=SIGNATURE_LABELS,
               EXEMPTION_LABELS=EXEMPTION_LABELS, MEASUREMENT_PROBLEM_LABELS=MEASUREMENT_PROBLEM_LABELS,
               VERDICT_LABELS=VERDICT_LABELS)


@bp.get("/")
@allow(TEMPERATURE_READERS)
def index():
    year, month, problem = month_arg(local_today())
    if problem:
        flash(problem, "error")
    first = date(year, month, 1)
    starts, ends = (local_to_utc(datetime.combine(d, time())) for d in (first, add_months(first, 1)))
    rows = queries_temperature.measurements(starts, ends, own_branch(current_user))
    return render_template("service/temperatures.html", rows=rows, first=first,
                           tally=queries_temperature.tally(starts, ends, own_branch(current_user)),
                           may_measure=MEASURERS.allows(current_user),
                           prev_month=add_months(first, -1).strftime("%Y-%m"), next_month=add_months(first, 1).strftime("%Y-%m"))


def _new_page(form: MeasurementForm, household):
    q = request.args.get("q", "").strip()[:40]
    return htmx.render("service/temperature_new.html", "service/_household_pick.html", form=form, household=household,
                       q=q, rows=queries.households(q, branch_id=own_branch(current_user)) if q and household is None else [],
                       judgement=_judge(form))


@bp.get("/new")
@allow(MEASURERS)
def new():
    household_id = int_arg("household")
    household = queries.household(household_id) if household_id else None
    if household is not None and not in_reach(current_user, household):
        abort(404)                        # another branch's household: as if there were none
    form = MeasurementForm()
    if household is not None:
        form.household_id.data = household.id
    now = to_local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)
    form.day.data, form.entered_at.data = now.date(), now.time()
    form.started_at.data, form.ended_at.data = (now + timedelta(minutes=15)).time(), (now + timedelta(minutes=25)).time()
    for row, room in zip(form.rooms, ("bedroom", "bedroom", "living", "kitchen", "bathroom")):
        row.room.data = room
    return _new_page(form, household)


def _times(form: MeasurementForm) -> tuple[datetime, datetime, datetime]:
    """Entered, started and ended as naive local times of the form's day."""
    return tuple(datetime.combine(form.day.data, t.data) for t in (form.entered_at, form.started_at, form.ended_at))


def _judge(form: MeasurementForm) -> dict | None:
    """What the form says so far (not stored): each room's standard, the method's problems, the verdict."""
    if form.day.data is None or None in (form.entered_at.data, form.started_at.data, form.ended_at.data):
        return None
    rooms = [(room["room"], rules.room_standard(room["room"], room["heated"], room["open_to_balcony"]), room["reading_c"])
             for room in form.measured_rooms() if room["reading_c"] is not None]
    return {"rooms": rooms, "problems": rules.measurement_problems(*_times(form), bool(form.doors_windows_closed.data)),
            "verdict": rules.household_verdict([(s, r) for _room, s, r in rooms], form.signature.data or "signed",
                                               form.exemption.data or None, form.outdoor_c.data)}


@bp.post("/judge")
@allow(MEASURERS)
def judge():
    """The verdict as the form is filled (htmx): nothing is stored."""
    form = MeasurementForm(request.form)
    form.validate()                     # fills what parses; errors are shown on submitting
    return render_template("service/_judgement.html", judgement=_judge(form))


def _drawn_signature(signature: str | None) -> tuple[str | None, str | None]:
    """(the stored file of the signature drawn on the screen, or the problem with it). Needed
    unless the resident refused to sign; the PNG is checked and re-encoded like every upload."""
    if signature == "refused":
        return None, None
    data = uploads.png_data_url(request.form.get("signature_png", ""))
    if data is None:
        return None, _("The resident signs on the screen; if they refuse, choose “The resident refused to sign”.")
    try:
        return uploads.save(FileStorage(BytesIO(data), filename="signature.png"), {"png"}, SIGNATURE_MAX_BYTES).name, None
    except uploads.UploadRejected as rejected:
        return None, str(rejected.message)


@bp.post("/new")
@allow(MEASURERS)
def record():
    form = MeasurementForm(request.form)
    chosen = form.household_id.data
    household = queries.household(chosen) if isinstance(chosen, int) and 0 < chosen < 10**9 else None
    if not in_reach(current_user, household):
        household = None                  # another branch's: "Choose the household."
    valid = form.validate() and household is not None
    signature_file, problem = _drawn_signature(form.signature.data) if valid else (None, None)
    if not valid or problem:
        flash(problem or form_problems(form) or _("Choose the household."), "error")
        response = _new_page(form, household)
        response.status_code = 422
        return response
    entered, started, ended = (local_to_utc(t) for t in _times(form))
    measurement = operations.record_measurement(
        current_user.id, household, entered_at=entered, started_at=started, ended_at=ended,
        doors_windows_closed=form.doors_windows_closed.data, outdoor_c=form.outdoor_c.data, signature=form.signature.data,
        objection=form.objection.data or "", again_requested=form.again_requested.data, exemption=form.exemption.data or "",
        with_whom=form.with_whom.data or "", rooms=form.measured_rooms(), now=utcnow(), signature_file=signature_file)
    flash(_("Measurement recorded: %(verdict)s.", verdict=VERDICT_LABELS[measurement.verdict]), "success")
    return redirect(url_for("temperature.measurement", measurement_id=measurement.id))


SUMMARY_LISTS_MISSING = 30   # cold households not measured, on the page and its PDF; the workbook lists all


def _summary_facts(first: date, listed: int | None) -> dict:
    starts, ends = (local_to_utc(datetime.combine(d, time())) for d in (first, add_months(first, 1)))
    branches = {b.id: b.name for b in queries.branches()}
    cold, not_measured = queries_temperature.cold_counts(starts, ends)
    return {"first": first, "summary": rules.month_summary(queries_temperature.latest_of_month(starts, ends)),
            "tally": queries_temperature.tally(starts, ends), "checks": queries_temperature.checks_count(starts, ends),
            "missing": queries_temperature.cold_not_measured(starts, ends, listed), "missing_count": not_measured,
            "cold": cold, "branch_names": branches}


def _summary_month() -> date:
    year, month, problem = month_arg(local_today())
    if problem:
        flash(problem, "error")
    return date(year, month, 1)


@bp.get("/summary")
@allow(TEMPERATURE_READERS)
def summary():
    """The month's summary and analysis for the GM: by branch, by estate, the share up to
    standard, and the cold households not yet measured this month."""
    first = _summary_month()
    return render_template("service/temperature_summary.html", **_summary_facts(first, SUMMARY_LISTS_MISSING),
                           prev_month=add_months(first, -1).strftime("%Y-%m"), next_month=add_months(first, 1).strftime("%Y-%m"))


@bp.get("/summary.pdf")
@allow(TEMPERATURE_READERS)
def summary_pdf():
    facts = _summary_facts(_summary_month(), SUMMARY_LISTS_MISSING)
    with force_locale("zh_CN"):              # a report to the GM: always in Chinese
        html = render_template("service/temperature_summary_pdf.html", **facts)
    path = pdf.cached("temperature-" + hashlib.sha256(html.encode()).hexdigest()[:32],
                      lambda: pdf.render(html, ("hygiene-notice.css",)))
    return pdf.send(path, f"测温月报-{facts['first']:%Y-%m}.pdf", etag=path.stem)


@bp.get("/summary.xlsx")
@allow(TEMPERATURE_READERS)
def summary_xlsx():
    facts = _summary_facts(_summary_month(), listed=None)
    with force_locale("zh_CN"):              # a paper of the company: always in Chinese
        data = reports.temperature_workbook(current_app.config["COMPANY_NAME"], facts)
    month = f"{facts['first']:%Y-%m}"
    response = make_response(data)
    response.mimetype = XLSX_MIMETYPE
    response.headers["Content-Disposition"] = (f"attachment; filename=temperatures-{month}.xlsx; "
                                               f"filename*=UTF-8''{quote(f'测温月报-{month}.xlsx')}")
    return response


# --- the month's plan (测温计划) ---------------------------------------------------------------------

def _plan_month() -> date:
    """The month of the plan: ?month= (YYYY-MM) or this month; posted forms carry it as a field."""
    raw = request.form.get("month") if request.method == "POST" else None
    parsed = parse_month(raw) if raw else None
    if parsed:
        return date(parsed[0], parsed[1], 1)
    return _summary_month()


@bp.get("/plan")
@allow(TEMPERATURE_READERS)
def plan():
    first = _plan_month()
    starts, ends = (local_to_utc(datetime.combine(d, time())) for d in (first, add_months(first, 1)))
    q = request.args.get("q", "").strip()[:40]
    rows = queries_temperature.plan(first, starts, ends, own_branch(current_user))
    return htmx.render("service/temperature_plan.html", "service/_plan_pick.html", first=first, rows=rows, q=q,
                       done=sum(1 for _p, at in rows if at), may_plan=MEASURERS.allows(current_user),
                       cold_left=len(queries_temperature.cold_not_planned(first, own_branch(current_user))),
                       found=queries.households(q, branch_id=own_branch(current_user)) if q else [],
                       prev_month=add_months(first, -1).strftime("%Y-%m"), next_month=add_months(first, 1).strftime("%Y-%m"))


def _back_to_plan(first: date):
    return redirect(url_for("temperature.plan", month=first.strftime("%Y-%m")))


@bp.post("/plan")
@allow(MEASURERS)
def plan_add():
    first = _plan_month()
    household = queries.household(int_form("household_id") or 0)
    if not in_reach(current_user, household):
        flash(_("Choose the household."), "error")
    elif operations.plan_households(first, [household.id], current_user.id, utcnow()):
        flash(_("%(address)s is in the plan.", address=household.address), "success")
    else:
        flash(_("%(address)s was in the plan already.", address=household.address), "error")
    return _back_to_plan(first)


@bp.post("/plan/cold")
@allow(MEASURERS)
def plan_cold():
    """Every cold household (of one's branch) not planned yet: each at least once a month."""
    first = _plan_month()
    added = operations.plan_households(first, queries_temperature.cold_not_planned(first, own_branch(current_user)),
                                       current_user.id, utcnow())
    flash(_("%(n)s cold households added to the plan.", n=added), "success")
    return _back_to_plan(first)


@bp.post("/plan/<int:plan_id>/remove")
@allow(MEASURERS)
def plan_remove(plan_id: int):
    first = _plan_month()
    if not operations.unplan(plan_id, own_branch(current_user)):
        flash(_("It was not in the plan."), "error")
    return _back_to_plan(first)


# --- the cold-household files (不热户档案) --------------------------------------------------------------

@bp.get("/files")
@allow(TEMPERATURE_READERS)
def files():
    return render_template("service/cold_files.html", files=queries_temperature.cold_files())


@bp.get("/files/<int:file_id>")
@allow(TEMPERATURE_READERS)
def cold_file(file_id: int):
    """A cold household's file: its measurements, tickets and complaints since it was opened."""
    found = queries_temperature.cold_file(file_id) or abort(404)
    return render_template("service/cold_file.html", file=found, desk=DESK.allows(current_user),
                           **queries_temperature.file_history(found))


@bp.post("/files/<int:file_id>/close")
@allow(DESK)
def close_file(file_id: int):
    found = queries_temperature.cold_file(file_id) or abort(404)
    result = clean_text(request.form.get("result") or "")[:2000]
    if not result:
        flash(_("Say what was done and the result."), "error")
    elif operations.close_cold_file(found.id, current_user.id, result, utcnow()):
        flash(_("The cold file is closed."), "success")
    else:
        flash(_("It was closed already."), "error")
    return redirect(url_for("temperature.cold_file", file_id=found.id))


@bp.get("/<int:measurement_id>")
@allow(TEMPERATURE_READERS)
def measurement(measurement_id: int):
    found = queries_temperature.measurement(measurement_id) or abort(404)
    return render_template("service/temperature.html", m=found, problems=[p for p in found.problems.split(",") if p],
                           cold_file=queries_temperature.open_file_of(found.household_id),
                           checks=queries_temperature.checks_of(found.id), may_check=OFFICE.allows(current_user))


@bp.post("/<int:measurement_id>/check")
@allow(OFFICE)
def check(measurement_id: int):
    """The office's spot check: agrees with the record or not, and what it saw."""
    found = queries_temperature.measurement(measurement_id) or abort(404)
    outcome, note = request.form.get("outcome", ""), clean_text(request.form.get("note") or "")[:1000]
    if outcome not in ("agrees", "differs") or (outcome == "differs" and not note):
        flash(_("Say whether the record holds; when it does not, what you found."), "error")
    else:
        operations.record_check(found.id, current_user.id, outcome == "agrees", note, utcnow())
        flash(_("Spot check recorded."), "success")
    return redirect(url_for("temperature.measurement", measurement_id=found.id))


@bp.get("/<int:measurement_id>/signature.png")
@allow(TEMPERATURE_READERS)
def signature(measurement_id: int):
    found = queries_temperature.measurement(measurement_id) or abort(404)
    if not found.signature_file:
        abort(404)
    return uploads.send(found.signature_file, f"签字-{found.id}.png")


@bp.get("/<int:measurement_id>.pdf")
@allow(TEMPERATURE_READERS)
def measurement_pdf(measurement_id: int):
    """The measurement form (测温记录表), two copies on one A4: the company's and the resident's."""
    found = queries_temperature.measurement(measurement_id) or abort(404)
    with force_locale("zh_CN"):
        html = render_template("service/temperature_form_pdf.html", m=found,
                               problems=[p for p in found.problems.split(",") if p])
    path = pdf.cached("measure-" + hashlib.sha256(html.encode()).hexdigest()[:32],
                      lambda: pdf.render(html, ("temperature-form.css",)))
    return pdf.send(path, f"测温记录表-{found.id}.pdf", etag=path.stem)


# --- the commitments' figures the portal has no records for (regulation 13) -----------------------------------

@bp.route("/figures", methods=["GET", "POST"])
@allow(OFFICE)
def figures():
    """Billing accuracy and facilities in good order, entered by the office for this season; the
    residents' page shows them with who entered them and when."""
    season_start = rules.heating_season(local_today())[0]
    if request.method == "POST":
        kind = request.form.get("kind", "")
        part, whole = int_form("part"), int_form("whole")
        problem = rules.entered_figure_problem(part, whole) if kind in rules.ENTERED_FIGURES else "missing"
        if problem:
            flash(ENTERED_FIGURE_PROBLEMS[problem], "error")
        else:
            operations.enter_figure(kind, season_start, part, whole, clean_line(request.form.get("note") or "")[:200],
                                    current_user.id, utcnow())
            flash(_("%(figure)s entered; the residents' page shows it.", figure=ENTERED_FIGURE_LABELS[kind]), "success")
        return redirect(url_for("temperature.figures"))
    entries = queries_temperature.entered_figures(season_start)
    latest = {kind: next((e for e in entries if e.kind == kind), None) for kind in rules.ENTERED_FIGURES}
    return render_template("service/figures.html", season_start=season_start, entries=entries, latest=latest,
                           labels=ENTERED_FIGURE_LABELS, counts=ENTERED_FIGURE_COUNTS)

"""Hygiene (regulation 2 卫生管理制度): everyone sees the places their department answers for and
how they scored; the office inspects on its round with a phone, item by item against the
standard; a failure is a fix for whoever answers for the place; the month ends with a ranking
and a printable notice (卫生检查通报)."""

import hashlib
from datetime import date, datetime, time, timedelta

from urllib.parse import quote

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..clock import local_to_utc, local_today, to_local, utcnow
from ..leave.reports import XLSX_MIMETYPE
from ..presence import queries as presence_queries
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices
from ..web import pdf, uploads
from ..web.access import LOGGED_IN, allow, declare, role
from ..web.args import int_arg, month_arg
from ..workdays.months import add_months
from ..workdays.queries import current as working_calendar
from . import operations, queries, reports, rules
from .forms import PHOTO_KINDS, PHOTO_MAX_BYTES, InspectionForm, ZoneForm, read_results
from .labels import FIX_STATE_LABELS, ITEM_LABELS, KIND_LABELS, RESULT_LABELS
from ..web.templating import template_names

bp = Blueprint("hygiene", __name__, url_prefix="/hygiene")
declare(bp, LOGGED_IN)
OFFICE = role("office")


template_names(bp, HYGIENE_KIND_LABELS=KIND_LABELS, HYGIENE_ITEM_LABELS=ITEM_LABELS,
               HYGIENE_RESULT_LABELS=RESULT_LABELS, HYGIENE_FIX_STATE_LABELS=FIX_STATE_LABELS)


def _today() -> date:
    return local_today()


def _stand_in_for(person_id: int | None) -> int | None:
    """Who cleans the GM's office while the appointed person is away: their post substitute."""
    facts = presence_queries.away(utcnow())
    return facts.substitutes.get(person_id) if person_id in facts.ids else None


# --- my places ------------------------------------------------------------------------------------

@bp.get("/")
def index():
    today = _today()
    monday = rules.monday_of(today)
    zones = queries.zones()
    rota = queries.rota(monday)
    scores = queries.latest_scores()
    mine = [z for z in zones if rules.keeps(z.kind, z.department_id, z.appointed_id, rota.get(z.id),
                                            current_user.department_id, current_user.id)]
    gm_zone = queries.gm_office_zone()
    gm_office = None
    stand_in = _stand_in_for(gm_zone.appointed_id) if gm_zone and gm_zone.appointed_id else None
    if gm_zone and gm_zone.appointed_id and (current_user.id in (gm_zone.appointed_id, stand_in)
                                             or current_user.has_role("office")):
        clean = queries.gm_office_clean(today)
        gm_office = {"zone": gm_zone, "stand_in": staff_queries.people([stand_in]).get(stand_in) if stand_in else None,
                     "clean": clean, "due": rules.gm_office_due(today, working_calendar()),
                     "late": rules.gm_office_late(today, to_local(utcnow()).replace(tzinfo=None),
                                                  to_local(clean.done_at).replace(tzinfo=None) if clean else None,
                                                  working_calendar()),
                     "may_mark": current_user.id in (gm_zone.appointed_id, stand_in) or current_user.has_role("office")}
    last_monday = monday - timedelta(days=7)
    last_rota, cleans = queries.rota(last_monday), queries.weekly_cleans(monday, last_monday)
    missed = [(z, last_rota.get(z.id)) for z in zones if z.kind == rules.SHARED and (z.id, last_monday) not in cleans]
    return render_template(
        "hygiene/index.html", mine=mine, missed=missed, scores=scores, fixes=queries.fixes_for(current_user.department_id, current_user.id),
        shared=[z for z in zones if z.kind == rules.SHARED], rota=rota, departments=queries.departments(),
        cleans={zone: c for (zone, week), c in cleans.items() if week == monday}, monday=monday, gm_office=gm_office,
        office=current_user.has_role("office"), today=today,
        unclosed=queries.unclosed_fixes() if current_user.has_role("office") else [],
        latest=queries.inspections(15) if current_user.has_role("office") else [])


@bp.get("/standard")
def standard():
    return render_template("hygiene/standard.html", kinds=rules.ITEMS_OF_KIND)


# --- the office's inspection ----------------------------------------------------------------------

def _inspection_page(zone, form: InspectionForm, posted: dict | None = None, problems: dict | None = None,
                     status: int = 200):
    return render_template("hygiene/inspect.html", zones=queries.zones(), zone=zone, form=form,
                           items=rules.items_for(zone.kind) if zone else (), posted=posted or {},
                           problems=problems or {}, answering=queries.answering(zone, _today()) if zone else None,
                           departments=queries.departments()), status


@bp.get("/inspections/new")
@allow(OFFICE)
def inspect():
    zone_id = int_arg("zone")
    zone = queries.zone(zone_id) if zone_id else None
    return _inspection_page(zone, InspectionForm())


@bp.post("/inspections/new")
@allow(OFFICE)
def inspect_save():
    zone = queries.zone(int_arg("zone") or 0) or abort(404)
    form = InspectionForm(request.form)
    items = rules.items_for(zone.kind)
    results, missing = read_results(request.form, items)
    problems = {item: _("Choose one.") for item in missing}
    if problems or not form.validate():     # nothing is stored until every item is chosen
        flash(_("Not saved: see the items marked below."), "error")
        return _inspection_page(zone, form, results, problems, 422)
    photos: dict[str, str | None] = {}
    for item in items:
        upload = request.files.get(f"photo-{item}")
        if not (upload and upload.filename) or results.get(item) != rules.FAIL:
            photos[item] = None
            continue
        try:
            photos[item] = uploads.save(upload, PHOTO_KINDS, PHOTO_MAX_BYTES).name
        except uploads.UploadRejected as rejected:
            problems[item] = str(rejected.message)
    if problems:
        flash(_("Not saved: see the items marked below."), "error")
        return _inspection_page(zone, form, results, problems, 422)
    today = _today()
    inspection = operations.inspect(zone, {item: (results[item], photos[item]) for item in items}, form.note.data or "",
                                    current_user.id, utcnow(), queries.answering(zone, today),
                                    rules.fix_due(today, working_calendar()))
    failed = sum(1 for r in results.values() if r == rules.FAIL)
    flash(_("%(zone)s: %(score)s points; %(n)d to fix.", zone=zone.name,
            score=inspection.score if inspection.score is not None else "—", n=failed), "success")
    return redirect(url_for("hygiene.inspect", zone=rules.next_in_round([z.id for z in queries.zones()], zone.id)))


@bp.get("/inspections/<int:inspection_id>")
def inspection(inspection_id: int):
    return render_template("hygiene/inspection.html", inspection=queries.inspection(inspection_id) or abort(404))


@bp.get("/photos/<int:result_id>")
def photo(result_id: int):
    found = queries.result(result_id) or abort(404)
    if not found.photo_file or not (uploads.upload_folder() / found.photo_file).is_file():
        abort(404)
    return uploads.send(found.photo_file, f"卫生检查-{found.inspection_id}-{found.item}{found.photo_file[-4:]}")


# --- fixes ----------------------------------------------------------------------------------------

def _back():
    return redirect(request.referrer if request.referrer and request.referrer.startswith(request.host_url)
                    else url_for("hygiene.index"))


@bp.post("/fixes/<int:fix_id>/fixed")
def fix_done(fix_id: int):
    found = queries.fix(fix_id) or abort(404)
    if current_user.department_id != found.department_id and current_user.id != found.person_id:
        abort(403)
    if not operations.mark_fixed(fix_id, current_user.id, utcnow()):
        flash(_("This was dealt with meanwhile."), "error")
    else:
        flash(_("Marked as fixed: the office will look again."), "success")
    return _back()


@bp.post("/fixes/<int:fix_id>/close")
@allow(OFFICE)
def fix_close(fix_id: int):
    queries.fix(fix_id) or abort(404)
    ok = operations.close_fix(fix_id, current_user.id, utcnow())
    flash(_("Checked and closed.") if ok else _("This was dealt with meanwhile."), "success" if ok else "error")
    return _back()


@bp.post("/fixes/<int:fix_id>/reopen")
@allow(OFFICE)
def fix_reopen(fix_id: int):
    queries.fix(fix_id) or abort(404)
    ok = operations.reopen_fix(fix_id)
    flash(_("Still not right: back to the department.") if ok else _("This was dealt with meanwhile."),
          "warning" if ok else "error")
    return _back()


# --- the weekly clean and the GM's office -------------------------------------------------------------

@bp.post("/weekly/<int:zone_id>")
def weekly_done(zone_id: int):
    zone = queries.zone(zone_id) or abort(404)
    if zone.kind != rules.SHARED:          # only the shared places have a weekly collective clean
        abort(404)
    today = _today()
    department = queries.answering(zone, today)
    if department != current_user.department_id:
        abort(403)
    ok = operations.mark_weekly_clean(zone.id, rules.monday_of(today), department, current_user.id, utcnow())
    flash(_("%(zone)s: this week’s clean recorded.", zone=zone.name) if ok else _("This week’s clean was recorded already."),
          "success" if ok else "error")
    return _back()


@bp.post("/gm-office")
def gm_office_done():
    zone = queries.gm_office_zone() or abort(404)
    if current_user.id not in (zone.appointed_id, _stand_in_for(zone.appointed_id)) and not current_user.has_role("office"):
        abort(403)
    ok = operations.mark_gm_office(_today(), current_user.id, utcnow())
    flash(_("The general manager’s office: cleaned at %(time)s.", time=to_local(utcnow()).strftime("%H:%M")) if ok
          else _("Today’s cleaning was recorded already."), "success" if ok else "error")
    return _back()


# --- places ------------------------------------------------------------------------------------------

@bp.get("/zones")
def zone_list():
    today = _today()
    return render_template("hygiene/zones.html", zones=queries.zones(active_only=False), departments=queries.departments(),
                           answering={z.id: queries.answering(z, today) for z in queries.zones()},
                           office=current_user.has_role("office"))


def _zone_form(zone=None, formdata=None) -> ZoneForm:
    form = ZoneForm(formdata=formdata, obj=zone)
    form.department_id.choices = [SelectChoice(0, "—")] + [SelectChoice(i, n) for i, n in queries.departments().items()]
    form.appointed_id.choices = grouped_choices(staff_queries.people_for_choice())
    if formdata is None and zone is not None:
        form.department_id.data = zone.department_id or 0
        form.appointed_id.data = zone.appointed_id or 0
    return form


@bp.route("/zones/new", methods=["GET", "POST"])
@allow(OFFICE)
def zone_new():
    return _zone_save(None)


@bp.route("/zones/<int:zone_id>", methods=["GET", "POST"])
@allow(OFFICE)
def zone_edit(zone_id: int):
    return _zone_save(queries.zone(zone_id) or abort(404))


def _zone_save(zone):
    form = _zone_form(zone, request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        return render_template("hygiene/zone_edit.html", form=form, zone=zone), 200 if request.method == "GET" else 422
    saved = operations.save_zone(zone, name=form.name.data.strip(), kind=form.kind.data,
                                 department_id=form.department_id.data or None, appointed_id=form.appointed_id.data or None,
                                 sort_order=form.sort_order.data or 0, active=bool(form.active.data))
    if saved is None:
        form.name.errors = [_("Another place has this name.")]
        return render_template("hygiene/zone_edit.html", form=form, zone=zone), 422
    flash(_("%(zone)s saved.", zone=saved.name), "success")
    return redirect(url_for("hygiene.zone_list"))


# --- the month: scores, ranking, the notice -------------------------------------------------------------

def _month() -> date:
    year, month, problem = month_arg(_today())
    if problem:
        flash(problem, "error")
    return date(year, month, 1)


def _month_facts(first: date) -> dict:
    after = add_months(first, 1)
    starts, ends = local_to_utc(datetime.combine(first, time())), local_to_utc(datetime.combine(after, time()))
    trend_from = local_to_utc(datetime.combine(add_months(first, -5), time()))
    return reports.month(first, queries.month_scores(starts, ends), queries.departments(), queries.zones(False),
                         queries.monthly_department_scores(trend_from, ends))


@bp.get("/report")
def report():
    first = _month()
    return render_template("hygiene/report.html", first=first, **_month_facts(first),
                           unclosed=queries.unclosed_fixes(),
                           prev_month=add_months(first, -1).strftime("%Y-%m"), next_month=add_months(first, 1).strftime("%Y-%m"))


@bp.get("/report.pdf")
def notice_pdf():
    first = _month()
    with force_locale("zh_CN"):            # a notice of the company: always in Chinese
        html = render_template("hygiene/notice_pdf.html", first=first, **_month_facts(first))
    key = "hygiene-" + hashlib.sha256(html.encode()).hexdigest()[:32]
    path = pdf.cached(key, lambda: pdf.render(html, ("hygiene-notice.css",)))
    return pdf.send(path, f"卫生检查通报-{first:%Y-%m}.pdf", etag=path.stem)


@bp.get("/report.xlsx")
@allow(OFFICE)
def report_xlsx():
    first = _month()
    response = make_response(reports.month_workbook(current_app.config["COMPANY_NAME"], first, _month_facts(first)))
    response.mimetype = XLSX_MIMETYPE
    response.headers["Content-Disposition"] = (
        f"attachment; filename=hygiene-{first:%Y-%m}.xlsx; filename*=UTF-8''{quote(f'卫生检查-{first:%Y-%m}.xlsx')}")
    return response

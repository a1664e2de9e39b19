"""Asking for leave: the form with its live preview, my leave, a request's page with its
history, cancelling, reporting back (销假), the proof, the team calendar, organiser excuses."""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..staff.models import Employee
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices
from ..clock import local_today, to_local, utcnow
from ..web import uploads
from ..web.access import allow, either, rank, role
from ..web.forms import choose_first
from ..web.htmx import render
from ..web.templating import cn_date, template_names
from ..workdays.queries import current as working_calendar
from . import operations_requests as operations, queries_requests as queries, routing, rules
from .blueprint import SUBNAV, bp
from .forms_requests import EXCUSE_DATES, PROOF_KINDS, PROOF_MAX_BYTES, ExcuseForm, LeaveRequestForm
from .labels import END_PART_LABELS, LEAVE_TYPE_LABELS, LEVEL_LABELS, PART_LABELS, START_PART_LABELS, STATE_LABELS
from .models import LeaveEvent, LeaveRequest

CALENDAR_VIEWERS = either(role("office"), rank("general_manager", "deputy_manager", "department_head",
                                               "branch_manager"))
SUBNAV.extend([("leave.mine", _l("My leave")), ("leave.inbox", _l("Leave approvals")),
               ("leave.calendar", _l("Team calendar")), ("leave.excuses", _l("Meetings and training"))])

# How a refused proof is explained here; other reasons (a damaged PDF, a script in it …)
# in the words of portal.web.uploads.
UPLOAD_MESSAGES = {
    "empty": _l("The file is empty. Choose the scanned document again."),
    "too_large": _l("The file is larger than 5 MB. Scan it at a lower resolution and try again."),
    "wrong_type": _l("Only PDF, JPEG or PNG files are accepted."),
}


def format_days(days) -> str:
    value = Decimal(days).normalize()
    return f"{value:f}"


# --- the preview: length, level and who decides ---------------------------------------------

@dataclass
class Assessment:
    days: Decimal | None = None
    level: str | None = None
    record: Employee | None = None
    record_reason: str | None = None
    acting: Employee | None = None
    acting_reason: str | None = None
    error: str | None = None
    provisional: list[int] = field(default_factory=list)   # years counted from the statutory holidays only
    registered: bool = False      # the GM's own leave: registered, nobody approves it
    late: bool = False            # 补请: asked after the leave began
    combined: Decimal | None = None   # routed by the whole: with the adjoining or overlapping leave
    joined: list = field(default_factory=list)   # that leave (LeaveRequest)


def assess(user: Employee, period, now) -> Assessment:
    leave_type, start, start_part, end, end_part = period
    try:
        days = rules.leave_length(start, start_part, end, end_part)
    except rules.InvalidRange:
        return Assessment(error=_("The last day is before the first day."))
    except rules.NoWorkingDay:
        return Assessment(error=_("These days are weekends or public holidays: there is no working day to ask leave for."),
                          provisional=working_calendar().provisional_years(start, end))
    provisional = working_calendar().provisional_years(start, end)
    local_now = to_local(now).replace(tzinfo=None)
    if rules.too_late_to_file(start, local_now.date()):
        return Assessment(days=days, provisional=provisional, error=_(
            "Leave for past days (补请) can be asked at most %(n)d working days back: from %(date)s on. "
            "For earlier days, speak to your department head.", n=rules.LATE_FILING_WORKING_DAYS,
            date=cn_date(rules.earliest_late_start(local_now.date()))))
    problem, pieces, joined = _pieces(user, period)
    if problem:
        return Assessment(days=days, provisional=provisional, error=problem)
    level = rules.approver_for(user.rank, pieces.days, leave_type)
    late = rules.filed_late(start, start_part, local_now)
    combined = pieces.days if joined else None
    route = routing.load(now)
    record, record_level, record_reason, acting, acting_reason = route.for_new(level, user, user.department)
    if record is None and rules.registers_own_leave(user.rank):
        return Assessment(days=days, level=level, provisional=provisional, registered=True,
                          late=late, combined=combined, joined=joined)
    if record is None:
        return Assessment(days=days, level=level, provisional=provisional, error=_(
            "Nobody in the portal approves your leave. Please report it to the office."))
    names = staff_queries.people({record, acting})
    return Assessment(days=days, level=record_level, record=names[record], record_reason=record_reason,
                      acting=names.get(acting), acting_reason=acting_reason, provisional=provisional,
                      late=late, combined=combined, joined=joined)


def _pieces(user: Employee, period):
    """(problem or None, rules.Pieces, the leave it joins): leave filed in pieces is routed by
    the whole. A request for exactly the days of a pending or approved one is refused, and so
    is one overlapping them (its days would count twice); one adjoining them is routed by
    the working days of all together."""
    _type, start, start_part, end, end_part = period
    mine = {r.id: r for r in queries.open_leave_of(user.id, start - timedelta(days=366))}
    pieces = rules.leave_pieces((start, start_part, end, end_part), {
        r.id: (r.start_date, r.start_part, r.end_date, r.end_part) for r in mine.values()})
    if pieces.duplicate is not None or pieces.overlapping:
        other = mine[pieces.duplicate if pieces.duplicate is not None else pieces.overlapping[0]]
        what = dict(period=period_text(other), state=STATE_LABELS[other.state])
        if pieces.duplicate is not None:
            return _("You have already asked for exactly these days (%(period)s, %(state)s).", **what), pieces, []
        return _("These days overlap your leave of %(period)s (%(state)s). Ask only for the days it does not "
                 "cover, or cancel that request first.", **what), pieces, []
    return None, pieces, [mine[key] for key in pieces.joined]


def period_text(leave) -> str:
    return _("%(start)s %(start_part)s to %(end)s %(end_part)s", start=cn_date(leave.start_date),
             start_part=PART_LABELS[leave.start_part], end=cn_date(leave.end_date), end_part=PART_LABELS[leave.end_part])


def routing_text(reason: str, record: Employee | None, acting: Employee | None) -> str:
    """Why a request went to whom (shown in the preview and the history)."""
    record_name = record.name if record else "—"
    acting_name = acting.name if acting else "—"
    if reason == rules.SUBSTITUTE:
        return _("%(record)s is on leave; their substitute %(acting)s decides in their place",
                 record=record_name, acting=acting_name)
    if reason == rules.AWAY_UP:
        return _("%(record)s is on leave and their substitute is not available; %(acting)s, one level up, decides",
                 record=record_name, acting=acting_name)
    if reason == rules.OWN_REQUEST_UP:
        return _("nobody approves their own leave, so it goes one level up")
    if reason == rules.MISSING_UP:
        return _("the post is vacant, so it goes one level up")
    return ""


def event_text(event: LeaveEvent) -> str:
    actor = event.actor.name if event.actor else "—"
    record = event.on_behalf_of.name if event.on_behalf_of else None
    if event.kind == "submitted":
        return _("%(name)s asked for leave", name=actor)
    if event.kind == "registered":
        return _("%(name)s registered the leave (nobody approves the general manager’s leave)", name=actor)
    if event.kind == "routed":
        text = _("Sent to %(name)s", name=actor)
        why = routing_text(event.detail, event.on_behalf_of, event.actor)
        return f"{text}（{why}）" if why else text
    if event.kind == "rerouted":
        start, _sep, end = event.detail.partition("/")
        return _("%(record)s is on leave from %(start)s to %(end)s; meanwhile %(name)s decides",
                 record=record or "—", start=start, end=end, name=actor)
    if event.kind == "returned":
        return _("%(name)s is back: the request returns to them", name=actor)
    if event.kind == "decided":
        if event.detail == "approved":
            return (_("%(name)s approved on behalf of %(record)s", name=actor, record=record) if record
                    else _("%(name)s approved", name=actor))
        return (_("%(name)s refused on behalf of %(record)s", name=actor, record=record) if record
                else _("%(name)s refused", name=actor))
    if event.kind == "cancelled":
        return _("%(name)s cancelled the request", name=actor)
    if event.kind == "reported_back":
        if event.detail:  # back before the planned end: the leave ended then
            day, _sep, part = event.detail.partition(" ")
            return _("%(name)s reported back (销假) early: the leave ended %(date)s %(part)s",
                     name=actor, date=cn_date(date.fromisoformat(day)), part=PART_LABELS.get(part, part))
        return _("%(name)s reported back (销假)", name=actor)
    if event.kind == "recounted":
        year, _sep, change = event.detail.partition(" ")
        old, _sep, new = change.partition(" ")
        return _("Working days recounted from the %(year)s holiday schedule %(name)s entered: %(old)s → %(new)s",
                 year=year, name=actor, old=old, new=new)
    return event.kind


# What the leave templates use everywhere (labels and the texts above).
template_names(bp, LEAVE_TYPE_LABELS=LEAVE_TYPE_LABELS, LEAVE_STATE_LABELS=STATE_LABELS,
               LEVEL_LABELS=LEVEL_LABELS, PART_LABELS=PART_LABELS, START_PART_LABELS=START_PART_LABELS,
               END_PART_LABELS=END_PART_LABELS, leave_event_text=event_text, leave_days=format_days,
               leave_routing_text=routing_text, leave_period_text=period_text,
               late_filing_days=rules.LATE_FILING_WORKING_DAYS)


# --- my leave ----------------------------------------------------------------------------

def _page(form, status=200):
    user = current_user._get_current_object()
    today = local_today()
    mine = queries.my_requests(user.id)
    return render_template("leave/mine.html", form=form, mine=mine, today=today,
                           cancellable={r.id for r in mine if rules.can_cancel(r.state, r.start_date, today)},
                           overdue={r.id for r in mine if is_overdue(r, today)},
                           result=None, leave_type=None), status


@bp.get("/")
def mine():
    form = LeaveRequestForm(formdata=None)
    return _page(form)


# What another page may fill in for the user (the absence notice that turned out to be leave).
CARRIED = ("leave_type", "start_date", "start_part", "end_date", "end_part", "reason")


def _carried_form() -> LeaveRequestForm:
    """The leave form filled from the query string: each carried field that passes its own
    checks keeps its value, the others (and everything else) start empty. Nothing is saved."""
    form = LeaveRequestForm(formdata=None)
    given = [name for name in CARRIED if name in request.args]
    if not given:
        return form
    carried = LeaveRequestForm(formdata=request.args, meta={"csrf": False})
    carried.validate()
    for name in given:
        field = carried[name]
        if not field.errors and field.data not in (None, ""):
            form[name].data = field.data
    return form


@bp.get("/new")
def new():
    return _page(_carried_form())


@bp.get("/preview")
def preview():
    form = LeaveRequestForm(formdata=request.args, meta={"csrf": False})
    form.validate()
    period = form.period()
    result = assess(current_user._get_current_object(), period, utcnow()) if period else None
    return render("leave/preview.html", "leave/_preview.html", result=result,
                  leave_type=period[0] if period else None)


@bp.post("/new")
def submit():
    user = current_user._get_current_object()
    form = LeaveRequestForm()
    if not form.validate_on_submit() or not (period := form.period()):
        flash(_("Please correct the marked fields."), "error")
        return _page(form, 422)
    result = assess(user, period, utcnow())
    if result.error:
        form.end_date.errors.append(result.error)
        return _page(form)
    leave_type, start, start_part, end, end_part = period
    upload = request.files.get(form.proof.name)
    has_file = bool(upload and upload.filename)
    if rules.proof_missing(leave_type, has_file):
        form.proof.errors.append(_("Marriage and maternity leave need a proof document (PDF, JPEG or PNG)."))
        return _page(form)
    stored = None
    if has_file:
        try:
            stored = uploads.save(upload, PROOF_KINDS, PROOF_MAX_BYTES)
        except uploads.UploadRejected as rejected:
            form.proof.errors.append(str(UPLOAD_MESSAGES.get(rejected.reason, rejected.message)))
            return _page(form)
    if result.registered:
        leave = operations.register(user, period, result, stored, form.reason.data)
        flash(_("Your leave of %(days)s working days is registered: nobody approves the general manager’s "
                "leave. The office sees it.", days=format_days(result.days)), "success")
        return redirect(url_for("leave.detail", request_id=leave.id))
    leave = operations.submit(user, period, result, stored, form.reason.data)
    acting = result.acting or result.record
    flash(_("Your request for %(days)s working days has been sent to %(name)s.",
            days=format_days(result.days), name=acting.name), "success")
    return redirect(url_for("leave.detail", request_id=leave.id))


# --- one request -------------------------------------------------------------------------

def _visible_request(request_id: int, page: bool = False):
    leave = (queries.request_page if page else queries.request_with_people)(request_id) or abort(404)
    route = routing.load(utcnow())
    acting, reason = route.acting(leave) if leave.state == "submitted" else (None, None)
    if not rules.can_see_request(current_user.id, leave.employee_id, leave.approver_id, acting, leave.decided_by_id):
        abort(403)
    return leave, route, acting, reason


@bp.get("/<int:request_id>")
def detail(request_id: int):
    leave, _route, acting_id, reason = _visible_request(request_id, page=True)
    today = local_today()
    acting = staff_queries.people({acting_id}).get(acting_id) if acting_id else None
    return render_template(
        "leave/detail.html", leave=leave, acting=acting, acting_reason=reason,
        acting_why=routing_text(reason, leave.approver, acting) if acting and acting.id != leave.approver_id else "",
        is_mine=leave.employee_id == current_user.id,
        can_cancel=rules.can_cancel(leave.state, leave.start_date, today),
        can_report_back=rules.can_report_back(leave.state, leave.start_date, leave.start_part,
                                              leave.reported_back_at is not None, _local_now()),
        can_decide=rules.can_decide(current_user.id, leave.state, leave.employee_id, acting_id),
        overdue=is_overdue(leave, today),
        due=_due(leave))


def _local_now():
    return to_local(utcnow()).replace(tzinfo=None)


def is_overdue(leave, today) -> bool:
    """Approved, ended and not reported back in time."""
    if leave.state != "approved" or leave.reported_back_at is not None or leave.end_date >= today:
        return False
    return rules.report_back_overdue(leave.end_date, leave.end_part, False, today)


def _due(leave):
    return rules.report_back_due(leave.end_date, leave.end_part)


def _own_request(request_id: int) -> LeaveRequest:
    leave = queries.request_with_people(request_id) or abort(404)
    if leave.employee_id != current_user.id:
        abort(403)
    return leave


@bp.post("/<int:request_id>/cancel")
def cancel(request_id: int):
    leave = _own_request(request_id)
    if not rules.can_cancel(leave.state, leave.start_date, local_today()):
        flash(_("This leave can no longer be cancelled: only a request not yet decided or approved leave "
                "that has not started can be."), "error")
        return redirect(url_for("leave.detail", request_id=leave.id))
    if operations.cancel(leave, current_user.id):
        flash(_("The request has been cancelled."), "success")
    else:
        flash(_("This request was decided meanwhile; look at its state below."), "error")
    return redirect(url_for("leave.detail", request_id=leave.id))


@bp.post("/<int:request_id>/report-back")
def report_back(request_id: int):
    leave = _own_request(request_id)
    if not rules.can_report_back(leave.state, leave.start_date, leave.start_part, leave.reported_back_at is not None,
                                 _local_now()):
        flash(_("Only approved leave that has begun can be reported back, and only once."), "error")
        return redirect(url_for("leave.detail", request_id=leave.id))
    if not operations.report_back(leave, current_user.id):
        flash(_("Only approved leave that has begun can be reported back, and only once."), "error")
        return redirect(url_for("leave.detail", request_id=leave.id))
    flash(_("Welcome back: your return has been reported to %(name)s.",
            name=(leave.decided_by or leave.approver).name if (leave.decided_by or leave.approver) else "—"), "success")
    leave = queries.request_with_people(leave.id)
    if leave.planned_end_date is not None:
        flash(_("Back before the planned end: your leave ended %(date)s %(part)s, %(days)s working days taken.",
                date=cn_date(leave.end_date), part=PART_LABELS[leave.end_part], days=format_days(leave.days)), "info")
    return redirect(url_for("leave.detail", request_id=leave.id))


@bp.get("/<int:request_id>/proof")
def proof(request_id: int):
    leave, *_rest = _visible_request(request_id)
    if not leave.proof_file or not (uploads.upload_folder() / leave.proof_file).is_file():
        abort(404)
    extension = leave.proof_file.rsplit(".", 1)[-1]
    return uploads.send(leave.proof_file, f"证明材料-{leave.id}.{extension}")


# --- the team calendar ---------------------------------------------------------------------

def _month(value: str | None, today: date) -> date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


@bp.get("/calendar")
@allow(CALENDAR_VIEWERS)
def calendar():
    user = current_user._get_current_object()
    today = local_today()
    headed, overseen = staff_queries.charge_of(user.id)
    scope = rules.calendar_departments(user.rank, user.role_set, headed, overseen)
    visible = staff_queries.departments(None if scope == rules.CALENDAR_ALL else scope)
    try:
        wanted = int(request.args.get("dept", ""))
    except ValueError:
        wanted = None
    department = next((d for d in visible if d.id == wanted), None)
    if department is None and visible:
        department = next((d for d in visible if d.id == user.department_id), visible[0])
    first = _month(request.args.get("month"), today)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    leaves = queries.approved_in(department.id, first, last) if department else []
    days = []
    working_days = set(rules.working_days_between(first, last))
    for n in range(last.day):
        day = first + timedelta(days=n)
        away = [(r, rules.parts_on_leave(r.start_date, r.start_part, r.end_date, r.end_part, day)) for r in leaves]
        days.append((day, day in working_days, [(r, part) for r, part in away if part]))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render_template("leave/calendar.html", departments=visible, department=department, first=first,
                           days=days, today=today, previous=previous, following=following,
                           provisional=working_calendar().provisional_years(first, last))


# --- leave from an organised meeting, training or exam -----------------------------------

def _excuse_form(formdata=None):
    form = ExcuseForm(formdata=formdata) if formdata is not None else ExcuseForm()
    # Nobody is chosen for the user: the list starts empty, the people grouped by department.
    form.organiser_id.choices = choose_first(grouped_choices(
        [row for row in staff_queries.people_for_choice() if row[0] != current_user.id], with_none=False))
    earliest, latest = EXCUSE_DATES.bounds()
    form.activity_date.render_kw = {"min": earliest.isoformat(), "max": latest.isoformat()}
    return form


def _excuses_page(form):
    user = current_user._get_current_object()
    earliest, latest = EXCUSE_DATES.bounds()
    return render_template("leave/excuses.html", form=form, mine=queries.excuses_of(user.id),
                           asked=queries.excuses_asked_of(user.id), today=local_today(),
                           earliest=earliest, latest=latest)


@bp.get("/excuses")
def excuses():
    return _excuses_page(_excuse_form(formdata=None))


@bp.post("/excuses")
def ask_excuse():
    form = _excuse_form()
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _excuses_page(form), 422
    operations.ask_excuse(current_user.id, form.organiser_id.data, form.activity.data,
                          form.activity_date.data, form.reason.data)
    flash(_("Your request has been sent to the organiser."), "success")
    return redirect(url_for("leave.excuses"))


@bp.post("/excuses/<int:excuse_id>/answer")
def answer_excuse(excuse_id: int):
    excuse = queries.excuse(excuse_id) or abort(404)
    if excuse.organiser_id != current_user.id:
        abort(403)
    answer = request.form.get("excused")
    if answer not in ("yes", "no"):
        flash(_("Choose excused or not excused."), "error")
    elif operations.answer_excuse(excuse, answer == "yes"):
        flash(_("Your answer has been recorded."), "success")
    else:
        flash(_("This request has already been answered."), "error")
    return redirect(url_for("leave.excuses"))

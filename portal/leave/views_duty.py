"""Weekend and holiday duty (值班), overtime (加班), the allowance, and the monthly
attendance report (regulation 1 §2, §8)."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import quote

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from ..approvals import web as approval_web
from ..auth.rules import safe_next
from ..presence import queries as presence_queries
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices, plain_choices
from ..clock import local_today, utcnow
from ..web.access import Policy, allow, either, rank, role
from ..web.args import int_arg, month_arg
from ..web.forms import form_problems
from ..web.htmx import is_htmx, render, respond
from ..workdays.queries import current as working_calendar
from ..workdays.labels import provisional_message
from ..workdays.months import parse_day
from . import queries_duty as queries
from . import operations_duty as operations, queries_register as register_queries, reports, rules
from .blueprint import SUBNAV, bp
from .forms_duty import (UNFILLED, AllowanceSettingForm, DutyChangeForm, DutyShiftForm,
                         OvertimeForm)
from .labels import DUTY_STATUS_LABELS, LEAVE_TYPE_LABELS, OVERTIME_STATE_LABELS, WEEKDAYS
from .models import DutyShift
from ..web.templating import template_names

OFFICE = role("office")
ADMIN = role("admin")
OVERTIME = rank("general_manager", "department_head", "branch_manager")
# The labour section (劳资科) pays wages: it reads the whole company's report.
LABOUR = Policy("labour_section", True, lambda user: rules.LABOUR_SECTION in register_queries.viewer(user).roles)
REPORTS = either(role("office"), rank("general_manager", "deputy_manager", "department_head", "branch_manager"),
                 LABOUR)
# While the GM is away his post substitute decides what he would, overtime included (regulation 4).
GM_STAND_IN = Policy("stands_in_for_gm", True, lambda user: presence_queries.stands_in_for_gm(user.id, utcnow()))
GM_OR_STAND_IN = either(rank("general_manager"), GM_STAND_IN)

SUBNAV.extend([
    ("leave.roster", _l("Duty roster")),
    ("leave.overtime", _l("Overtime")),
    ("leave.allowance", _l("Duty allowance")),
    ("leave.report", _l("Monthly report")),
    ("leave.allowance_settings", _l("Allowance setting")),
])



template_names(bp, DUTY_STATUS_LABELS=DUTY_STATUS_LABELS, OVERTIME_STATE_LABELS=OVERTIME_STATE_LABELS,
               WEEKDAYS=WEEKDAYS, fmt_days=reports.number, LEAVE_TYPE_LABELS=LEAVE_TYPE_LABELS)


def _month_links(year: int, month: int) -> dict:
    first = date(year, month, 1)
    prev, nxt = rules.add_months(first, -1), rules.add_months(first, 1)
    return {"prev": f"{prev:%Y-%m}", "next": f"{nxt:%Y-%m}", "month": f"{first:%Y-%m}",
            "label": _("%(year)d-%(month)02d", year=year, month=month)}


# --- the duty roster -----------------------------------------------------------------------

def _roster_context(year: int, month: int, problem: str | None = None, form=None, message=None) -> dict:
    today = local_today()
    first, last = rules.month_days(year, month)
    context = {"links": _month_links(year, month), "problem": problem, "today": today, "message": message,
               "is_office": current_user.has_role("office"), "days": [],
               "provisional": working_calendar().provisional_years(first)}
    days = rules.non_working_days(year, month)
    shifts = queries.shifts_between(first, last)
    by_day = {}
    for shift in shifts:
        by_day.setdefault(shift.day, []).append(shift)
    # Shifts on a day that turned into a working day (a later 调休) still show.
    context["days"] = [(d, by_day.get(d, [])) for d in sorted(set(days) | set(by_day))]
    # §8: holiday duty earns the allowance once the GM has approved it (a month at once).
    context["unapproved"] = sum(1 for s in shifts if s.employee_id is not None and s.approval_id is None)
    context["filled"] = sum(1 for s in shifts if s.employee_id is not None)
    context["approvals"] = queries.roster_approvals(first, last)
    context["can_approve"] = rules.can_approve_roster(
        current_user.rank, current_user.rank != "general_manager" and GM_STAND_IN.allows(current_user))
    if context["is_office"]:
        form = form or DutyShiftForm(formdata=None)
        _fill_shift_form(form, days)
        context["form"] = form
        start, end = rules.unfilled_window(today)
        context["unfilled"] = queries.unfilled_between(start, end)
    return context


def _fill_shift_form(form, days: list[date]) -> None:
    form.day.choices = plain_choices((d.isoformat(), f"{d:%m-%d} {WEEKDAYS[d.weekday()]}") for d in days)
    form.employee_id.choices = _people_choices()


def _people_choices():
    choices = grouped_choices(staff_queries.people_for_choice())
    choices[0].label = _("Nobody yet (unfilled)")
    return choices


def _roster_response(year: int, month: int, problem: str | None = None, form=None, message=None, **page):
    return render("leave/duty_roster.html", "leave/_duty_roster.html",
                  **_roster_context(year, month, problem, form, message), **page)


@bp.get("/duty")
def roster():
    """The roster opens on this month, or on the month with the next shifts once all of this
    month's are past; the page starts with the user's own next shift."""
    today = local_today()
    if request.args.get("month"):
        year, month, problem = month_arg(today)
    else:
        (year, month), problem = rules.roster_month(today, queries.next_shift_day(today)), None
    return _roster_response(year, month, problem, next_shift=queries.next_shift_of(current_user.id, today),
                            moved_on=(year, month) != (today.year, today.month) and not request.args.get("month"))


def _after_change(day: date, message: str | None, error: bool = False, form=None):
    """htmx: the month's roster with the message in it; otherwise flash and go back."""
    if is_htmx():
        return _roster_response(day.year, day.month, form=form, message=(message, error))
    if message:
        flash(message, "error" if error else "success")
    return redirect(url_for("leave.roster", month=f"{day:%Y-%m}"))


def _shift_or_404(shift_id: int) -> DutyShift:
    return queries.shift(shift_id) or abort(404)


def _person_problem(employee_id: int, day: date, except_id: int | None = None) -> str | None:
    if employee_id == UNFILLED:
        return None
    person = staff_queries.active_person(employee_id)
    if person is None:
        return _("Choose someone from the list.")
    if queries.person_has_shift(employee_id, day, except_id):
        return _("%(name)s is already on duty on %(day)s.", name=person.name, day=day.isoformat())
    return None


@bp.post("/duty/shifts")
@allow(OFFICE)
def duty_add():
    form = DutyShiftForm()
    day = parse_day(form.day.data)
    if day is None:
        return _after_change(local_today(), _("Choose a day of the roster."), error=True)
    days = rules.non_working_days(day.year, day.month)
    if day not in days:
        return _after_change(day, _("%(day)s is a working day: duty is arranged for weekends and public holidays.",
                                    day=day.isoformat()), error=True)
    _fill_shift_form(form, days)
    if not form.validate():
        problem = form_problems(form)
        return _after_change(day, _("Not assigned: %(problem)s", problem=problem), error=True, form=form)
    problem = _person_problem(form.employee_id.data, day)
    if problem:
        return _after_change(day, problem, error=True, form=form)
    shift = operations.add_shift(day, form.post.data, form.employee_id.data or None, current_user.id)
    if shift is None:
        return _after_change(day, _("That person is already on duty that day."), error=True, form=form)
    who = shift.employee.name if shift.employee else _("nobody yet")
    return _after_change(day, _("%(post)s on %(day)s: %(who)s.", post=shift.post, day=day.isoformat(), who=who))


@bp.route("/duty/shifts/<int:shift_id>/edit", methods=["GET", "POST"])
@allow(OFFICE)
def duty_edit(shift_id: int):
    shift = _shift_or_404(shift_id)
    if not rules.can_change_shift(shift.status):
        flash(_("A shift that is done or missed cannot be changed; set it back to assigned first."), "error")
        return redirect(url_for("leave.roster", month=f"{shift.day:%Y-%m}"))
    form = DutyChangeForm(obj=shift)
    form.employee_id.choices = _people_choices()
    if request.method == "GET":
        form.employee_id.data = shift.employee_id or UNFILLED
    if form.validate_on_submit():
        problem = _person_problem(form.employee_id.data, shift.day, except_id=shift.id)
        if problem:
            form.employee_id.errors.append(problem)
        else:
            if operations.change_shift(shift, form.post.data, form.employee_id.data or None, current_user.id):
                flash(_("Saved."), "success")
                return redirect(url_for("leave.roster", month=f"{shift.day:%Y-%m}"))
            form.employee_id.errors.append(_("That person is already on duty that day."))
    return render_template("leave/duty_edit.html", form=form, shift=shift)


@bp.post("/duty/shifts/<int:shift_id>/status")
@allow(OFFICE)
def duty_status(shift_id: int):
    shift = _shift_or_404(shift_id)
    new = request.form.get("status", "")
    if not rules.duty_status_allowed(new, shift.day, local_today()):
        return _after_change(shift.day, _("A shift can be marked done or missed only from its day on."), error=True)
    if new != rules.ASSIGNED and shift.employee_id is None:
        return _after_change(shift.day, _("Nobody was assigned to this shift; assign someone first."), error=True)
    operations.set_shift_status(shift, new, current_user.id)
    name = shift.employee.name if shift.employee else ""
    messages = {
        rules.DONE: _("%(name)s did the duty of %(day)s.", name=name, day=shift.day.isoformat()),
        rules.MISSED: _("%(name)s missed the duty of %(day)s: recorded in the register as absent without leave.",
                        name=name, day=shift.day.isoformat()),
        rules.ASSIGNED: _("The shift of %(day)s is back to assigned.", day=shift.day.isoformat()),
    }
    return _after_change(shift.day, messages[new])


@bp.post("/duty/shifts/<int:shift_id>/remove")
@allow(OFFICE)
def duty_remove(shift_id: int):
    shift = _shift_or_404(shift_id)
    if not rules.can_change_shift(shift.status):
        return _after_change(shift.day, _("A shift that is done or missed cannot be removed; set it back to assigned first."),
                             error=True)
    day = shift.day
    operations.remove_shift(shift)
    return _after_change(day, _("The shift was removed."))


@bp.post("/duty/approve")
@allow(GM_OR_STAND_IN)
def roster_approve():
    """The general manager (or, while he is away, his substitute on his behalf) approves the
    month's roster at once (?month=YYYY-MM)."""
    year, month, problem = month_arg(local_today())
    first, last = rules.month_days(year, month)
    if problem:
        return _after_change(first, problem, error=True)
    standing_in = current_user.rank != "general_manager"     # let through by GM_OR_STAND_IN: his substitute
    approved = operations.approve_roster(first, last, current_user.id, on_behalf_of_id=(
        presence_queries.general_manager_id() if standing_in else None))
    label = _month_links(year, month)["label"]
    if not approved:
        message, error = _("Nothing to approve: every filled shift of %(month)s is approved already.", month=label), True
    else:
        message, error = ngettext(
            "The duty roster of %(month)s is approved: %(num)d shift earns the allowance once done.",
            "The duty roster of %(month)s is approved: %(num)d shifts earn the allowance once done.",
            approved, month=label), False
    back = safe_next(request.form.get("back", "")[:300])
    if back and back.startswith(url_for("home.decisions")) and not is_htmx():   # approved on /decisions
        flash(message, "error" if error else "success")
        return redirect(back)
    return _after_change(first, message, error=error)


# --- overtime --------------------------------------------------------------------------------

def _overtime_context(form=None, errors=None) -> dict:
    today = local_today()
    is_gm = current_user.rank == "general_manager" or GM_STAND_IN.allows(current_user)
    headed = frozenset() if is_gm else staff_queries.charge_of(current_user.id)[0]  # the GM approves, not reports
    if headed:
        form = form or OvertimeForm(formdata=None)
        form.employee_id.choices = grouped_choices(staff_queries.people_for_choice(headed), with_none=False)
        if form.day.data is None:
            form.day.data = today
    since = today - timedelta(days=92)
    return {
        "is_gm": is_gm, "form": form if headed else None, "errors": errors or {},
        "pending": queries.overtime_pending() if is_gm else [],
        "reports": queries.overtime_recent(None if is_gm else headed, since),
    }


@bp.get("/overtime")
@allow(either(OVERTIME, GM_STAND_IN))
def overtime():
    return render_template("leave/overtime.html", **_overtime_context())


@bp.post("/overtime/new")
@allow(OVERTIME)
def overtime_new():
    headed = frozenset() if current_user.rank == "general_manager" else staff_queries.charge_of(current_user.id)[0]
    if not headed:
        flash(_("Only the head of a department or branch reports its overtime."), "error")
        return redirect(url_for("leave.overtime"))
    form = OvertimeForm()
    form.employee_id.choices = grouped_choices(staff_queries.people_for_choice(headed), with_none=False)
    if form.validate_on_submit():
        person = staff_queries.active_person(form.employee_id.data)
        problem = rules.overtime_day_problem(form.day.data, local_today())
        if person is None or not rules.can_report_overtime(person.department_id, headed):
            form.employee_id.errors.append(_("You report overtime of your own department's people only."))
        elif problem == "too_old":
            form.day.errors.append(_("That day is more than two months ago."))
        elif problem == "too_far_ahead":
            form.day.errors.append(_("That day is more than a month ahead."))
        elif queries.overtime_taken(person.id, form.day.data):
            form.day.errors.append(_("%(name)s already has overtime reported for that day.", name=person.name))
        else:
            operations.report_overtime(person, form.day.data, Decimal(form.days.data), form.reason.data,
                                       current_user.id)
            flash(_("Overtime of %(name)s on %(day)s reported to the general manager.",
                    name=person.name, day=form.day.data.isoformat()), "success")
            return redirect(url_for("leave.overtime"))
    return render_template("leave/overtime.html", **_overtime_context(form=form))


@bp.post("/overtime/<int:report_id>/decide")
@allow(GM_OR_STAND_IN)
def overtime_decide(report_id: int):
    report = queries.overtime_report(report_id) or abort(404)
    outcome, note, problem = approval_web.read_decision()
    message, status = None, 200
    standing_in = current_user.rank != "general_manager"     # let through by GM_OR_STAND_IN: his substitute
    if not rules.can_decide_overtime(report.state, current_user.rank, standing_in):
        problem, status = approval_web.already_decided(operations.OVERTIME, report.id, report.state), 409
    elif problem:
        status = 422
    elif not operations.decide_overtime(report, outcome, current_user.id, note,
                                        on_behalf_of_id=presence_queries.general_manager_id() if standing_in else None):
        problem, status = approval_web.already_decided(operations.OVERTIME, report.id, report.state), 409
    else:
        message = approval_web.success_message(outcome, _("overtime of %(name)s on %(day)s", name=report.employee.name,
                                                          day=report.day.isoformat()))
    return respond("leave/_overtime_item.html", status=status, message=problem or message,
                   redirect_to=url_for("leave.overtime"), r=queries.overtime_report(report_id), error=problem,
                   note=note if problem else "", category=approval_web.message_category(outcome) if message else None)


# --- allowance ------------------------------------------------------------------------------

@bp.route("/settings", methods=["GET", "POST"])
@allow(ADMIN)
def allowance_settings():
    form = AllowanceSettingForm()
    current = queries.daily_allowance()
    if request.method == "GET":
        form.amount.data = reports.number(current) if current is not None else ""
    if form.validate_on_submit():
        try:
            amount = rules.parse_allowance(form.amount.data)
        except ValueError:
            form.amount.errors.append(_("Enter an amount of yuan such as 50 or 37.5 (not negative, at most "
                                        "two decimals, at most 10000), or leave it empty for not set."))
        else:
            operations.set_daily_allowance(amount)
            flash(_("The daily allowance is now %(amount)s yuan.", amount=reports.number(amount))
                  if amount is not None else _("The daily allowance is now not set."), "success")
            return redirect(url_for("leave.allowance_settings"))
    return render_template("leave/duty_settings.html", form=form, current=current)


def _scope():
    viewer = register_queries.viewer(current_user)     # the labour section reads every department
    return rules.report_scope(viewer.roles, viewer.rank, viewer.headed_department_ids,
                              viewer.overseen_department_ids)


def _report_context():
    year, month, problem = month_arg(local_today())
    first, last = rules.month_days(year, month)
    scope = _scope()
    departments = staff_queries.departments(None if scope == rules.REPORT_ALL else scope)
    dept_id = int_arg("dept")
    if dept_id is not None and dept_id not in {d.id for d in departments}:
        abort(403 if dept_id in {d.id for d in staff_queries.departments()} else 404)
    if dept_id is None and len(departments) == 1:
        dept_id = departments[0].id
    chosen = [d for d in departments if d.id == dept_id] if dept_id else departments
    daily = queries.daily_allowance()
    context = {"links": _month_links(year, month), "problem": problem, "departments": departments,
               "chosen": chosen, "first": first, "last": last, "dept_id": dept_id, "daily": daily, "sections": [],
               "company": scope == rules.REPORT_ALL, "year": year, "month": month,
               "provisional": working_calendar().provisional_years(first)}
    context["sections"] = queries.month_report(chosen, first, last, daily)
    context["grand"] = reports.company_total(context["sections"], daily)
    return context


@bp.get("/allowance")
@allow(REPORTS)
def allowance():
    return render_template("leave/report_allowance.html", **_report_context())


@bp.get("/report")
@allow(REPORTS)
def report():
    return render_template("leave/report_month.html", **_report_context())


@bp.get("/report.xlsx")
@allow(REPORTS)
def report_xlsx():
    context = _report_context()
    if context["problem"]:
        flash(context["problem"], "error")
        return redirect(url_for("leave.report", month=context["links"]["month"]))
    data = queries.month_workbook(context["chosen"], context["first"], context["last"], context["daily"],
                                  context["links"]["label"], [provisional_message(y) for y in context["provisional"]])
    response = make_response(data)
    response.mimetype = reports.XLSX_MIMETYPE
    filename = _("attendance-%(month)s.xlsx", month=context["links"]["month"])
    response.headers["Content-Disposition"] = (
        f"attachment; filename=attendance-{context['links']['month']}.xlsx; filename*=UTF-8''{quote(filename)}")
    return response

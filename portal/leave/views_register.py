"""The attendance register (考勤记录, regulation 1 §3–§9): department heads record each working
day; inspection/labour spot-check; leadership sees conflicts and absence alarms."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices
from ..clock import local_today
from ..web.access import Policy, allow
from ..web.args import month_arg
from ..workdays.months import parse_day
from ..workdays.queries import current as working_calendar
from . import operations_register as operations, queries_register as queries, rules
from .blueprint import SUBNAV, bp
from .forms_register import (ALARM_LABELS, CODE_LABELS, CODE_SHORT, HALF_LABELS, REASON_LABELS,
                             REASON_SHORT, SpotCheckForm)

# Who may open the pages at all; which departments they see is decided per department by rules.
REGISTER_READERS = Policy("register_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS or user.has_role("office")
    or staff_queries.heads_a_department(user.id)))
REGISTER_KEEPERS = Policy("register_keeper", True, lambda user: staff_queries.heads_a_department(user.id))
SPOT_CHECK_READERS = Policy("spot_check_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS or rules.can_record_spot_check(user.role_set)))
SPOT_CHECKERS = Policy("spot_checker", True, lambda user: rules.can_record_spot_check(user.role_set))
ALARM_READERS = Policy("alarm_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS
    or bool(rules.ALARM_READER_ROLES & user.role_set)))

SUBNAV.extend([
    ("leave.register", _l("Attendance register")),
    ("leave.spot_checks", _l("Spot checks")),
    ("leave.alarms", _l("Absence alarms")),
])

PROBLEMS = {
    rules.FUTURE_DAY: _l("A future day cannot be recorded yet."),
    rules.NOT_WORKING_DAY: _l("This is not a working day; weekend and holiday duty is kept in the duty roster."),
    rules.LEAVE_LOCKED: _l("Approved leave covers this day; it is recorded as on leave."),
    rules.LEAVE_NEEDS_REQUEST: _l("On leave comes only from an approved leave request; without one, the day is absence without leave."),
    rules.UNKNOWN_CODE: _l("Choose one of the codes in the list."),
    rules.REASON_NEEDED: _l("Absent without leave: choose the reason (left without approval, skipped an "
                            "organised activity, card games or chatting, missed duty shift)."),
}


@bp.app_context_processor
def register_labels():
    return {"CODE_LABELS": CODE_LABELS, "CODE_SHORT": CODE_SHORT, "REASON_LABELS": REASON_LABELS,
            "REASON_SHORT": REASON_SHORT, "HALF_LABELS": HALF_LABELS,
            "REGISTER_CHOICES": rules.REGISTER_CHOICES}


def _cell_options() -> dict:
    """The options of every cell, translated once per request rather than once per cell."""
    return {"choices": [(c, str(CODE_SHORT[c])) for c in rules.REGISTER_CHOICES],
            "reasons": [(r, str(REASON_SHORT[r])) for r in rules.ABSENT_REASONS]}


# --- the register page -------------------------------------------------------------------

@bp.get("/register")
@allow(REGISTER_READERS)
def register():
    today = local_today()
    user = current_user
    readable = [d for d in staff_queries.departments() if rules.can_read_register(
        user.id, user.rank, user.role_set, d.head_id, d.deputy_id)]
    if not readable:
        abort(403)
    dept_arg = request.args.get("dept", "")
    if dept_arg:
        if not (dept_arg.isascii() and dept_arg.isdigit()) or len(dept_arg) > 9:
            abort(404)
        dept = next((d for d in readable if d.id == int(dept_arg)), None)
        if dept is None:
            abort(403 if any(d.id == int(dept_arg) for d in staff_queries.departments()) else 404)
    else:
        dept = next((d for d in readable if d.head_id == user.id), readable[0])

    year, month, problem = month_arg(today)
    if problem:
        flash(problem, "error")
    first, last = rules.month_bounds(year, month)
    days = rules.working_days_between(first, last)

    people = queries.members(dept.id)
    entries = queries.entries(dept.id, first, last) if days else {}
    leave = rules.leave_halves(queries.approved_leave_spans(first, last, department_id=dept.id),
                               first, last) if days else {}
    totals = {p.id: _totals(p.id, days, entries, leave) for p in people}
    return render_template(
        "leave/register.html", dept=dept, departments=readable, days=days, people=people,
        entries=entries, leave=leave, totals_by_person=totals, today=today, first=first,
        day_heads=[(d, format_date(d, "EEEEE")) for d in days],
        cell_prefix=url_for("leave.register") + "/", **_cell_options(),
        editable=rules.can_keep_register(user.id, dept.head_id),
        provisional=working_calendar().provisional_years(first),
        prev_month=rules.add_months(first, -1).strftime("%Y-%m"),
        next_month=rules.add_months(first, 1).strftime("%Y-%m"),
        this_month=today.strftime("%Y-%m"))


def _totals(person_id: int, days, entries, leave) -> dict[str, int]:
    counts: dict[str, int] = {}
    for day in days:
        entry = entries.get((person_id, day))
        code = rules.day_record(entry.code if entry else None, (person_id, day) in leave)
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


# --- one cell, saved by itself -----------------------------------------------------------

@bp.post("/register/<int:employee_id>/<day_text>")
@allow(REGISTER_KEEPERS)
def register_cell(employee_id: int, day_text: str):
    person = queries.employee_with_department(employee_id) or abort(404)
    if not rules.can_keep_register(current_user.id, person.department.head_id):
        abort(403)
    day = parse_day(day_text) or abort(404)
    today = local_today()
    code = request.form.get("code", "").strip()[:20]
    reason = request.form.get("reason", "").strip()[:40] or None
    reason = reason if code == rules.ABSENT else None
    working = rules.is_working_day(day)
    half = rules.leave_halves(queries.approved_leave_spans(day, day, employee_id=person.id),
                              day, day).get((person.id, day))
    entry = queries.entry(person.id, day)
    problem = rules.register_cell_problem(code, reason, day, today, working, half is not None)
    if problem == rules.REASON_NEEDED and code == rules.ABSENT:
        # Not an error: the cell asks for the reason, and saves once it is chosen.
        return _cell(person, day, entry, rules.ABSENT, None, today, pending=PROBLEMS[problem])
    if problem:
        shown = entry.code if entry else None
        return _cell(person, day, entry, shown, entry.absent_reason if entry else None, today,
                     half=half, error=PROBLEMS[problem], status=422)
    if code == "":
        operations.clear_cell(entry, current_user.id)
        return _cell(person, day, None, None, None, today, saved=_("Cleared: %(name)s, %(day)s.",
                                                                  name=person.name, day=_day_label(day)))
    entry = operations.save_cell(person.id, day, code, reason, current_user.id, entry)
    if entry is None:  # the same cell saved twice at once: the other one won
        entry = queries.entry(person.id, day)
        return _cell(person, day, entry, entry.code if entry else None,
                     entry.absent_reason if entry else None, today,
                     error=_("Someone saved this cell at the same moment; this is what was kept."), status=409)
    label = (_("%(code)s, reason: %(reason)s", code=CODE_LABELS[code], reason=REASON_LABELS[reason])
             if reason else CODE_LABELS[code])
    return _cell(person, day, entry, code, reason, today,
                 saved=_("Saved: %(name)s, %(day)s, %(code)s.", name=person.name, day=_day_label(day), code=label))


def _day_label(day: date) -> str:
    return format_date(day, "MMMd日EEE") if _zh() else format_date(day, "EEE d MMM")


def _zh() -> bool:
    return str(get_locale()).startswith("zh")


def _cell(person, day, entry, code, reason, today, half=None, saved=None, pending=None, error=None,
          status=200):
    state = "saved" if saved else "pending" if pending else "error" if error else ""
    counts = _month_counts(person.id, day) if saved else None
    return render_template(
        "leave/_register_cell.html", p=person, day=day, code=code, reason=reason, half=half,
        today=today, editable=True, state=state, message=saved or pending or error, counts=counts,
        cell_url=url_for("leave.register_cell", employee_id=person.id, day_text=day.isoformat()),
        **_cell_options()), status


def _month_counts(person_id: int, day: date) -> dict[str, int]:
    """The row's month totals after a save (two queries)."""
    first, last = rules.month_bounds(day.year, day.month)
    days = rules.working_days_between(first, last)
    entries = queries.person_entries(person_id, first, last)
    leave = rules.leave_halves(queries.approved_leave_spans(first, last, employee_id=person_id), first, last)
    return _totals(person_id, days, entries, leave)


# --- spot checks ---------------------------------------------------------------------------

@bp.route("/spot-checks", methods=["GET", "POST"])
@allow(SPOT_CHECK_READERS)
def spot_checks():
    user = current_user
    today = local_today()
    can_record = rules.can_record_spot_check(user.role_set)
    form = None
    if can_record:
        form = SpotCheckForm()
        form.employee_id.choices = grouped_choices(staff_queries.people_for_choice())
        if request.method == "GET":
            form.day.data = today
    elif request.method == "POST":
        abort(403)
    if form is not None and request.method == "POST":
        if form.validate_on_submit():
            problem = _spot_check_problem(form, today)
            if problem:
                flash(problem, "error")
            else:
                reason = form.absent_reason.data if form.code.data == rules.ABSENT else None
                operations.record_spot_check(form.employee_id.data, form.day.data, form.code.data, reason,
                                             form.note.data or "", user.id)
                flash(_("Spot check recorded."), "success")
                return redirect(url_for("leave.spot_checks"))
        else:
            flash(_("The spot check was not recorded: see the marked fields."), "error")
    only_conflicts = request.args.get("conflicts") == "1"
    rows = queries.spot_check_rows(user, today)
    if only_conflicts:
        rows = [r for r in rows if r["conflict"]]
    return render_template("leave/register_spot_checks.html", form=form, rows=rows,
                           only_conflicts=only_conflicts,
                           since=rules.add_months(today, -queries.SPOT_CHECK_MONTHS))


def _spot_check_problem(form, today: date) -> str | None:
    if form.day.data > today:
        return _("A spot check cannot be on a future day.")
    if form.day.data < rules.add_months(today, -12):
        return _("A spot check is recorded within a year of the day.")
    if form.code.data == rules.ABSENT and form.absent_reason.data not in rules.ABSENT_REASONS:
        form.absent_reason.errors.append(_("Choose the reason of the absence without leave."))
        return _("Absent without leave needs its reason.")
    return None


# --- absence alarms --------------------------------------------------------------------------

@bp.get("/alarms")
@allow(ALARM_READERS)
def alarms():
    today = local_today()
    lists = queries.alarm_lists(current_user, today)
    return render_template("leave/alarms.html", lists=lists, today=today,
                           since=rules.alarm_lookback(today), ALARM_LABELS=ALARM_LABELS,
                           TALK=rules.TALK, EXCLUDE=rules.EXCLUDE)

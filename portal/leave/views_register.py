"""The attendance register (考勤记录, regulation 1 §3–§9): department heads (or, while a head is
away, the substitute of their post) record each working day; inspection, labour and the
leaders spot-check; every change of a day is kept and shown; a head's entry that differs from
a 旷工 found by the office or a spot check, and leave approved over a 旷工, wait as conflicts
for the leadership, the approver or the office; absence alarms stay open until followed up."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from flask_babel import format_date, get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from .. import derived_cache
from ..approvals import web as approval_web
from ..staff import queries as staff_queries
from ..staff.forms import grouped_choices
from ..clock import local_today, utcnow
from ..web.access import Policy, allow
from ..web.args import month_arg
from ..web.htmx import respond
from ..web.forms import clean_line
from ..workdays.months import parse_day
from ..workdays.queries import current as working_calendar
from . import operations_register as operations, queries_register as queries, rules
from .blueprint import SUBNAV, bp
from .forms_register import FollowUpForm, SpotCheckForm
from .labels import (ALARM_LABELS, CODE_LABELS, CODE_SHORT, CONFLICT_STATE_LABELS, FOLLOW_UP_PROBLEMS, HALF_LABELS,
                     REASON_LABELS, REASON_SHORT, SOURCE_LABELS, STEP_LABELS)
from ..web.templating import template_names


def _roles(user) -> frozenset[str]:
    return queries.viewer(user).roles


def _keeps_any(user) -> bool:
    return staff_queries.heads_a_department(user.id) or bool(queries.kept_as_substitute(user.id, utcnow()))


# Who may open the pages at all; which departments they see is decided per department by rules.
REGISTER_READERS = Policy("register_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS or bool(rules.REGISTER_READER_ROLES & _roles(user)) or _keeps_any(user)))
REGISTER_KEEPERS = Policy("register_keeper", True, _keeps_any)
SPOT_CHECK_READERS = Policy("spot_check_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS or bool(rules.SPOT_CHECK_READER_ROLES & _roles(user))))
SPOT_CHECKERS = Policy("spot_checker", True, lambda user: rules.can_record_spot_check(user.role_set, user.rank))
ALARM_READERS = Policy("alarm_reader", True, lambda user: (
    user.rank in rules.LEADER_RANKS or bool(rules.ALARM_READER_ROLES & _roles(user))))
FOLLOW_UP_RECORDERS = Policy("alarm_follow_up", True, lambda user: (
    user.rank in rules.LEADER_RANKS or bool(rules.FOLLOW_UP_ROLES & _roles(user))))
CONFLICT_READERS = Policy("register_conflicts", True, lambda user: (
    user.rank in rules.LEADER_RANKS or bool({"office", rules.LABOUR_SECTION} & _roles(user))
    or staff_queries.heads_a_department(user.id)))

SUBNAV.extend([
    ("leave.register", _l("Attendance register")),
    ("leave.conflicts", _l("Register conflicts")),
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


# Codes a plain editable cell may hold (written compact on the page): a 旷工 asks for its reason.
PLAIN_CODES = frozenset(rules.REGISTER_CHOICES) - {rules.ABSENT}


template_names(bp, CODE_LABELS=CODE_LABELS, CODE_SHORT=CODE_SHORT, REASON_LABELS=REASON_LABELS,
               REASON_SHORT=REASON_SHORT, HALF_LABELS=HALF_LABELS, REGISTER_CHOICES=rules.REGISTER_CHOICES,
               SOURCE_LABELS=SOURCE_LABELS, PROTECTED_SOURCES=rules.PROTECTED_SOURCES,
               PLAIN_CODES=PLAIN_CODES, CONFLICT_STATE_LABELS=CONFLICT_STATE_LABELS,
               STEP_LABELS=STEP_LABELS, ALARM_LABELS=ALARM_LABELS)


def _cell_options() -> dict:
    """The options of every cell, and the labels the cells show, translated once per request
    rather than once per cell (they override the lazy ones of template_names)."""
    return {"choices": [(c, str(CODE_SHORT[c])) for c in rules.REGISTER_CHOICES],
            "reasons": [(r, str(REASON_SHORT[r])) for r in rules.ABSENT_REASONS],
            **{name: {key: str(label) for key, label in labels.items()} for name, labels in (
                ("CODE_SHORT", CODE_SHORT), ("CODE_LABELS", CODE_LABELS), ("HALF_LABELS", HALF_LABELS),
                ("REASON_SHORT", REASON_SHORT), ("REASON_LABELS", REASON_LABELS))}}


def _readable_departments(user) -> list:
    """The departments whose register the user reads (keeps included)."""
    seer = queries.viewer(user)
    kept = queries.kept_as_substitute(user.id, utcnow())
    return [d for d in staff_queries.departments() if d.id in kept or rules.can_read_register(
        user.id, seer.rank, seer.roles, d.head_id, d.deputy_id)]


def _keeps(user, department) -> bool:
    return (rules.can_keep_register(user.id, department.head_id)
            or department.id in queries.kept_as_substitute(user.id, utcnow()))


# --- the register page -------------------------------------------------------------------

@bp.get("/register")
@allow(REGISTER_READERS)
def register():
    today = local_today()
    user = current_user
    readable = _readable_departments(user)
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
        dept = next((d for d in readable if d.head_id == user.id), None) or next(
            (d for d in readable if _keeps(user, d)), readable[0])

    year, month, problem = month_arg(today)
    if problem:
        flash(problem, "error")
    first, last = rules.month_bounds(year, month)
    days = rules.working_days_between(first, last)

    people = queries.members(dept.id)
    editable = _keeps(user, dept)
    options = _cell_options()
    return render_template(
        "leave/register.html", dept=dept, departments=readable, people=people, first=first,
        grid=_grid(dept, people, first, last, days, today, editable, options) if people else "",
        editable=editable, substitute=editable and dept.head_id != user.id,
        provisional=working_calendar().provisional_years(first),
        prev_month=rules.add_months(first, -1).strftime("%Y-%m"),
        next_month=rules.add_months(first, 1).strftime("%Y-%m"),
        this_month=today.strftime("%Y-%m"), **options)


def _grid(dept, people, first: date, last: date, days, today: date, editable: bool, options: dict) -> Markup:
    """The month's grid of a department (a few thousand cells), kept per worker while nothing it
    shows changes: the register, leave, conflicts, the calendar (their versions), the people and
    their names, the day, the language and whether the viewer may edit (derived_cache)."""
    def render() -> Markup:
        entries, beside = queries.entries_and_beside(dept.id, first, last) if days else ({}, {})
        leave = queries.approved_leave_parts(first, last, department_id=dept.id) if days else {}
        return Markup(render_template(
            "leave/_register_grid.html", dept=dept, days=days, people=people, entries=entries,
            leave={key: rules.half_of(parts) for key, parts in leave.items()}, beside=beside,
            totals_by_person=_totals([p.id for p in people], days, entries, leave), today=today, first=first,
            day_heads=[(d, format_date(d, "EEEEE")) for d in days],
            cell_prefix=url_for("leave.register") + "/", editable=editable, **options))
    key = (dept.id, first, today, editable, tuple((p.id, p.name) for p in people))
    return derived_cache.remembered("register_grid", key, render)


def _totals(person_ids: list[int], days, entries, leave) -> dict[int, dict]:
    """Each row's month figures, one status a day (rules.month_totals)."""
    codes_of: dict[int, dict] = {pid: {} for pid in person_ids}
    leave_of: dict[int, dict] = {pid: {} for pid in person_ids}
    for (pid, day), e in entries.items():
        codes_of.setdefault(pid, {})[day] = e.code
    for (pid, day), parts in leave.items():
        leave_of.setdefault(pid, {})[day] = parts
    totals = {}
    for pid in person_ids:
        codes, types, _off = rules.month_totals(days, codes_of[pid], leave_of[pid])
        if types:
            codes[rules.ON_LEAVE] = sum(types.values())
        totals[pid] = codes
    return totals


# --- one cell, saved by itself -----------------------------------------------------------

@bp.post("/register/<int:employee_id>/<day_text>")
@allow(REGISTER_KEEPERS)
def register_cell(employee_id: int, day_text: str):
    person = queries.employee_with_department(employee_id) or abort(404)
    if not _keeps(current_user, person.department):
        abort(403)
    day = parse_day(day_text) or abort(404)
    today = local_today()
    code = request.form.get("code", "").strip()[:20]
    reason = clean_line(request.form.get("reason", ""))[:40] or None
    reason = reason if code == rules.ABSENT else None
    working = rules.is_working_day(day)
    half = rules.half_of(queries.approved_leave_parts(day, day, employee_id=person.id).get((person.id, day)))
    entry = queries.entry(person.id, day)
    shown = (entry.code if entry else None, entry.absent_reason if entry else None)
    problem = rules.register_cell_problem(code, reason, day, today, working, half == "day")
    if problem and problem != rules.REASON_NEEDED:
        return _cell(person, day, entry, *shown, today, half=half, error=PROBLEMS[problem], status=422)
    outcome = rules.head_entry_outcome(entry.code if entry else None, entry.source if entry else None, code)
    if outcome == rules.PROTECTED:
        return _cell(person, day, entry, *shown, today, half=half, status=422, error=_(
            "%(source)s recorded this absence without leave; the head cannot clear it. Choose what you "
            "recorded instead: it goes to the leadership beside it.", source=_source_label(entry.source)))
    if outcome == rules.AGREES:
        withdrawn = operations.agree_with_mark(entry, current_user.id)
        return _cell(person, day, entry, *shown, today, half=half, saved=_(
            "Already recorded as absent without leave by %(source)s%(withdrawn)s.", source=_source_label(entry.source),
            withdrawn=_("; your different entry is withdrawn") if withdrawn else ""))
    if problem == rules.REASON_NEEDED and code == rules.ABSENT:
        # Not an error: the cell asks for the reason, and saves once it is chosen.
        return _cell(person, day, entry, rules.ABSENT, None, today, half=half, pending=PROBLEMS[problem])
    if problem:
        return _cell(person, day, entry, *shown, today, half=half, error=PROBLEMS[problem], status=422)
    if outcome == rules.CONFLICT:
        conflict = operations.enter_beside(entry, code, reason, current_user.id)
        return _cell(person, day, entry, *shown, today, half=half, beside=conflict, pending=_(
            "%(source)s recorded absence without leave here; it stays. Your entry (%(code)s) is kept beside it "
            "for the leadership to decide.", source=_source_label(entry.source), code=CODE_LABELS[code]))
    if code == "":
        operations.clear_cell(entry, current_user.id)
        return _cell(person, day, None, None, None, today, half=half,
                     saved=_("Cleared: %(name)s, %(day)s.", name=person.name, day=_day_label(day)))
    entry = operations.save_cell(person.id, day, code, reason, current_user.id, entry)
    if entry is None:  # the same cell saved twice at once: the other one won
        entry = queries.entry(person.id, day)
        return _cell(person, day, entry, entry.code if entry else None,
                     entry.absent_reason if entry else None, today, half=half,
                     error=_("Someone saved this cell at the same moment; this is what was kept."), status=409)
    label = (_("%(code)s, reason: %(reason)s", code=CODE_LABELS[code], reason=REASON_LABELS[reason])
             if reason else CODE_LABELS[code])
    return _cell(person, day, entry, code, reason, today, half=half,
                 saved=_("Saved: %(name)s, %(day)s, %(code)s.", name=person.name, day=_day_label(day), code=label))


def _source_label(source: str | None) -> str:
    text = str(SOURCE_LABELS.get(source or "register", source))
    return text[:1].upper() + text[1:] if not _zh() else text


def _day_label(day: date) -> str:
    return format_date(day, "MMMd日EEE") if _zh() else format_date(day, "EEE d MMM")


def _zh() -> bool:
    return str(get_locale()).startswith("zh")


def _cell(person, day, entry, code, reason, today, half=None, saved=None, pending=None, error=None,
          status=200, beside=None):
    state = "saved" if saved else "pending" if pending else "error" if error else ""
    counts = _month_counts(person.id, day) if saved else None
    if beside is None and entry is not None and rules.is_protected_mark(entry.code, entry.source):
        beside = queries.open_head_entry(person.id, day)
    return render_template(
        "leave/_register_cell.html", p=person, day=day, code=code, reason=reason, half=half,
        source=entry.source if entry is not None else None, beside=beside,
        today=today, editable=True, state=state, message=saved or pending or error, counts=counts,
        cell_url=url_for("leave.register_cell", employee_id=person.id, day_text=day.isoformat()),
        **_cell_options()), status


def _month_counts(person_id: int, day: date) -> dict:
    """The row's month totals after a save (two queries)."""
    first, last = rules.month_bounds(day.year, day.month)
    days = rules.working_days_between(first, last)
    entries = queries.person_entries(person_id, first, last)
    leave = queries.approved_leave_parts(first, last, employee_id=person_id)
    return _totals([person_id], days, entries, leave)[person_id]


# --- a person's month: every change of each day ------------------------------------------------

@bp.get("/register/<int:employee_id>/history")
@allow(REGISTER_READERS)
def register_history(employee_id: int):
    person = queries.employee_with_department(employee_id) or abort(404)
    if person.department_id not in {d.id for d in _readable_departments(current_user)}:
        abort(403)
    today = local_today()
    year, month, problem = month_arg(today)
    if problem:
        flash(problem, "error")
    first, last = rules.month_bounds(year, month)
    changes = queries.changes_of(person.id, first, last)
    conflicts = queries.conflicts_of(person.id, first, last)
    checks = queries.spot_checks_of(person.id, first, last)
    days: dict[date, dict] = {}
    for change in changes:
        days.setdefault(change.day, {"changes": [], "conflicts": [], "checks": []})["changes"].append(change)
    for c in conflicts:
        days.setdefault(c.day, {"changes": [], "conflicts": [], "checks": []})["conflicts"].append(c)
    for check in checks:
        days.setdefault(check.day, {"changes": [], "conflicts": [], "checks": []})["checks"].append(check)
    return render_template("leave/register_history.html", person=person, first=first,
                           days=sorted(days.items(), reverse=True),
                           prev_month=rules.add_months(first, -1).strftime("%Y-%m"),
                           next_month=rules.add_months(first, 1).strftime("%Y-%m"))


# --- register conflicts -------------------------------------------------------------------------

@bp.get("/conflicts")
@allow(CONFLICT_READERS)
def conflicts():
    today = local_today()
    heads, leave = queries.open_conflicts(current_user, today)
    return render_template("leave/register_conflicts.html", heads=heads, leave=leave,
                           decided=queries.decided_conflicts(current_user, today),
                           may_decide_head=lambda c: queries.may_decide_head(current_user, c),
                           may_decide_leave=lambda r: queries.may_decide_leave(current_user, r),
                           since=rules.add_months(today, -queries.CONFLICT_HISTORY_MONTHS))


def _read_conflict_decision() -> tuple[str, str, str | None]:
    outcome, note, problem = approval_web.read_decision()
    if rules.conflict_decision_problem(note) and outcome in ("approve", "refuse"):
        problem = _("Please give the reason for the decision.")
    return outcome, note, problem


@bp.post("/conflicts/<int:conflict_id>/decide")
@allow(CONFLICT_READERS)
def conflict_decide(conflict_id: int):
    conflict = queries.conflict(conflict_id) or abort(404)
    if conflict.kind != rules.CONFLICT_HEAD or not queries.may_decide_head(current_user, conflict):
        abort(403)
    outcome, note, problem = _read_conflict_decision()
    message, status = None, 200
    if conflict.state != rules.CONFLICT_OPEN:
        problem, status = _decided_first(conflict), 409
    elif problem:
        status = 422
    elif not operations.decide_head_entry(conflict, outcome, current_user.id, note):
        problem, status = _decided_first(queries.conflict(conflict_id)), 409
    else:
        message = (_("The head's entry stands for %(name)s on %(day)s; the register is changed.",
                     name=conflict.employee.name, day=_day_label(conflict.day)) if outcome == "approve"
                   else _("Absence without leave stands for %(name)s on %(day)s.", name=conflict.employee.name,
                          day=_day_label(conflict.day)))
    return respond("leave/_conflict_item.html", status=status, message=problem or message,
                   redirect_to=url_for("leave.conflicts"), c=queries.conflict(conflict_id), error=problem,
                   note=note if problem else "", may_decide=True)


@bp.post("/conflicts/leave/<int:leave_id>/<day_text>/decide")
@allow(CONFLICT_READERS)
def leave_conflict_decide(leave_id: int, day_text: str):
    day = parse_day(day_text) or abort(404)
    today = local_today()
    found = queries.leave_over_absence(leave_id, day, today)
    decided = queries.leave_conflict_decided(leave_id, day) if found is None else None
    if found is None and decided is None:
        abort(404)
    leave = found[0] if found else decided.leave_request
    if not queries.may_decide_leave(current_user, leave):
        abort(403)
    outcome, note, problem = _read_conflict_decision()
    message, status, conflict = None, 200, decided
    if decided is not None:
        problem, status = _decided_first(decided), 409
    elif problem:
        status = 422
    else:
        conflict = operations.decide_leave_over_absence(leave, day, found[1], outcome, current_user.id, note)
        if conflict is None:
            conflict = queries.leave_conflict_decided(leave_id, day)
            problem, status = _decided_first(conflict), 409
        else:
            message = (_("The leave stands for %(name)s on %(day)s; the absence without leave is cleared.",
                         name=leave.employee.name, day=_day_label(day)) if outcome == "approve"
                       else _("Absence without leave stands for %(name)s on %(day)s; the day does not count as leave.",
                              name=leave.employee.name, day=_day_label(day)))
    context = {"leave": leave, "entry": found[1] if found else None, "day": day, "decided": conflict}
    return respond("leave/_leave_conflict_item.html", status=status, message=problem or message,
                   redirect_to=url_for("leave.conflicts"), error=problem, note=note if problem else "",
                   may_decide=True, **context)


def _decided_first(conflict) -> str:
    if conflict is None or conflict.decided_by is None:
        return _("This conflict is no longer open.")
    if conflict.state == rules.CONFLICT_WITHDRAWN:
        return _("The head withdrew this entry.")
    return approval_web.already_decided(operations.SUBJECT, conflict.id, conflict.state)


# --- spot checks ---------------------------------------------------------------------------

@bp.route("/spot-checks", methods=["GET", "POST"])
@allow(SPOT_CHECK_READERS)
def spot_checks():
    user = current_user
    today = local_today()
    can_record = rules.can_record_spot_check(user.role_set, user.rank)
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
                _record_spot_check(form, user)
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


def _record_spot_check(form, user) -> None:
    person_id, day, code = form.employee_id.data, form.day.data, form.code.data
    reason = form.absent_reason.data if code == rules.ABSENT else None
    half = rules.half_of(queries.approved_leave_parts(day, day, employee_id=person_id).get((person_id, day)))
    writes = code == rules.ABSENT and rules.is_working_day(day) and half != "day"
    operations.record_spot_check(person_id, day, code, reason, form.note.data or "", user.id, writes,
                                 queries.entry(person_id, day) if writes else None)
    if writes:
        flash(_("Spot check recorded. The absence without leave is in the register; the head cannot overwrite it."),
              "success")
    elif code == rules.ABSENT and half == "day":
        flash(_("Spot check recorded. Approved leave covers that day, so the register keeps it as leave."), "success")
    else:
        flash(_("Spot check recorded."), "success")


def _spot_check_problem(form, today: date) -> str | None:
    if form.day.data > today:
        return _("A spot check cannot be on a future day.")
    if form.day.data < rules.add_months(today, -12):
        return _("A spot check is recorded within a year of the day.")
    if form.code.data == rules.ABSENT and form.absent_reason.data not in rules.ABSENT_REASONS:
        form.absent_reason.errors.append(_("Choose the reason of the absence without leave."))
        return _("Absent without leave needs its reason.")
    return None


# --- absence alarms and their follow-up --------------------------------------------------------

@bp.get("/alarms")
@allow(ALARM_READERS)
def alarms():
    today = local_today()
    user = current_user
    seer = queries.viewer(user)
    lists = queries.alarm_lists(user, today)
    may_record = rules.can_record_follow_up(user.id, seer.rank, seer.roles, None)
    return render_template("leave/alarms.html", lists=lists, today=today,
                           since=rules.alarm_lookback(today), follow_ups=queries.follow_ups(user, today),
                           may_follow_up=lambda person: may_record or rules.can_record_follow_up(
                               user.id, seer.rank, seer.roles, person.department.deputy_id),
                           TALK=rules.TALK, EXCLUDE=rules.EXCLUDE, OPEN=rules.OPEN, NEAR=rules.NEAR,
                           FOLLOW_UP_STEPS=rules.FOLLOW_UP_STEPS, ALARM_ARTICLE=rules.ALARM_ARTICLE)


@bp.route("/alarms/<int:employee_id>/<alarm>", methods=["GET", "POST"])
@allow(FOLLOW_UP_RECORDERS)
def alarm_follow_up(employee_id: int, alarm: str):
    if alarm not in rules.FOLLOW_UP_STEPS:
        abort(404)
    person = queries.employee_with_department(employee_id) or abort(404)
    seer = queries.viewer(current_user)
    if not rules.can_record_follow_up(current_user.id, seer.rank, seer.roles, person.department.deputy_id):
        abort(403)
    today = local_today()
    standing = queries.person_alarm(person.id, today).get(alarm)
    is_open = standing is not None and standing[0] == rules.OPEN
    steps = rules.FOLLOW_UP_STEPS[alarm]
    form, failed = FollowUpForm(), False
    form.step.choices = [(s, str(STEP_LABELS[s])) for s in steps]
    form.held_by_id.choices = [(0, "—")] + [
        (pid, f"{name}（{dept}）") for pid, name, dept in staff_queries.people_for_choice()]
    if request.method == "GET":
        form.on_date.data = today
        missing = [s for s in steps if not is_open or s not in standing[4]]
        form.step.data = request.args.get("step") if request.args.get("step") in steps else (missing or steps)[0]
        form.held_by_id.data = current_user.id if current_user.rank in rules.LEADER_RANKS else 0
    elif not is_open:
        flash(_("This alarm has no open follow-up now; nothing was recorded."), "error")
        return redirect(url_for("leave.alarms"))
    elif not form.validate_on_submit():
        failed = True
    else:
        held_by = form.held_by_id.data or None
        problem = rules.follow_up_problem(alarm, form.step.data, form.on_date.data, today, held_by,
                                          form.notes.data or "", form.period_start.data, form.period_end.data)
        if problem is None:
            operations.record_follow_up(person.id, alarm, form.step.data, form.on_date.data, held_by,
                                        form.notes.data or "", form.period_start.data, form.period_end.data,
                                        standing[1:4], current_user.id)
            flash(_("Recorded for %(name)s: %(step)s.", name=person.name, step=STEP_LABELS[form.step.data]),
                  "success")
            return redirect(url_for("leave.alarms"))
        field = {rules.HELD_BY_NEEDED: form.held_by_id, rules.NOTES_NEEDED: form.notes,
                 rules.PERIOD_NEEDED: form.period_start, rules.PERIOD_BACKWARDS: form.period_end,
                 rules.STEP_UNKNOWN: form.step}.get(problem, form.on_date)
        field.errors = list(field.errors) + [str(FOLLOW_UP_PROBLEMS[problem])]
        failed = True
    return render_template("leave/alarm_follow_up.html", person=person, alarm=alarm, standing=standing,
                           is_open=is_open, form=form, history=queries.follow_ups(current_user, today, person.id),
                           steps=steps), 422 if failed else 200

"""Leave-post notices (regulation 7 离岗告知制度): file one from a phone, approve with one
click, print the away card, watch the live absence board; the office's presence checks.

Two blueprints: `bp` (/absence, logged in) and `kiosk_bp` (public: the lobby screen, only
when the administrator turns it on, and the card's QR status page)."""

import hashlib
from datetime import datetime, timedelta, timezone
from flask import (Blueprint, abort, flash, redirect, render_template, request,
                   url_for)
from flask_babel import force_locale, get_locale, gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import derived_cache
from ..approvals import web as approval_web
from ..presence import queries as presence_queries
from ..settings import get_setting
from ..staff.forms import grouped_choices
from ..staff import queries as staff_queries
from ..clock import LOCAL_ZONE, local_today, to_local, utcnow
from ..leave.rules import HALF_DAY, half_days_covering, needs_leave_request
from ..web import htmx, pdf, qr
from ..web.fragments import SharedFragment
from ..web.args import int_arg
from ..auth import rules as auth_rules
from ..web.access import LOGGED_IN, PUBLIC, allow, declare, role
from . import labels, operations, queries, rules
from .forms import KioskForm, NoticeForm, ReturnTimeForm
from .labels import CATEGORY_LABELS, STATE_LABELS, STATUS_LABELS, TIME_PROBLEMS
from .models import LeavePostNotice
from ..web.templating import template_names

bp = Blueprint("absence", __name__, url_prefix="/absence")
declare(bp, LOGGED_IN)
kiosk_bp = Blueprint("absence_public", __name__, url_prefix="/absence")
declare(kiosk_bp, PUBLIC)

CARD_SIZES = ("a6", "a5")
OFFICE = role("office")
ADMIN = role("admin")


template_names(bp, CATEGORY_LABELS=CATEGORY_LABELS, NOTICE_STATE_LABELS=STATE_LABELS,
               BOARD_STATUS_LABELS=STATUS_LABELS, NOTICE_OUTCOME_LABELS=labels.OUTCOME_LABELS,
               BOARD_FILTER_LABELS=labels.FILTER_LABELS)


# --- helpers --------------------------------------------------------------------------

def _half_day_hours() -> float:
    """Half a day of working time, in hours (the calendar's longer half day)."""
    return HALF_DAY.total_seconds() / 3600


def _to_utc(local_naive: datetime) -> datetime:
    return local_naive.replace(tzinfo=LOCAL_ZONE).astimezone(timezone.utc).replace(tzinfo=None)


def _local_input(value_utc: datetime) -> datetime:
    return to_local(value_utc).replace(tzinfo=None, second=0, microsecond=0)


def _local(value_utc: datetime) -> datetime:
    return to_local(value_utc).replace(tzinfo=None)


def _sweep() -> None:
    """The end-of-day sweep, lazily: whoever opens the board or their own notices after a
    working day has ended closes that day's unreturned notices (one query when there are
    none), so 旷工 does not wait for cron."""
    operations.sweep(utcnow())


def countdown_text(notice: LeavePostNotice, now: datetime) -> str:
    late, minutes = rules.countdown(notice.expected_back, now)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        span = _("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)
    elif hours:
        span = _("%(hours)d h", hours=hours)
    else:
        span = _("%(minutes)d min", minutes=minutes)
    return _("%(span)s overdue", span=span) if late else _("%(span)s left", span=span)


def _board_context(now: datetime, show: str = "", **filters) -> dict:
    """The board of everyone `filters` select (a department, a search, one person), with the
    count of each filter at the top (from the rows loaded: no query of its own); `show` keeps
    the rows of one filter, the overdue first. Company-wide and unfiltered, a line per
    department instead, below those overdue or found away without a notice."""
    groups = queries.board(now, **filters)
    rows = [row for _department, people in groups for row in people]
    for row in rows:
        row.overdue = bool(row.notice) and queries.overdue(row.notice, now)
    company_view = not any(filters.values()) and not show

    def first(people):
        return sorted(people, key=lambda r: rules.attention_rank(r.status, r.overdue))
    if not company_view:
        groups = [(department, first(r for r in people if not show or show in rules.row_filters(r.status, r.overdue)))
                  for department, people in groups]
        groups = [(department, people) for department, people in groups if people]
    query, department_id = filters.get("query") or None, filters.get("department_id")
    return {"groups": groups, "now": now, "countdown": countdown_text, "overdue": queries.overdue,
            "can_check": current_user.is_authenticated and current_user.has_role("office"),
            "company_view": company_view, "status_counts": rules.status_counts, "show": show,
            "filter_counts": rules.filter_counts((r.status, r.overdue) for r in rows),
            "attention": first(r for r in rows if rules.attention_rank(r.status, r.overdue) < 2) if company_view else [],
            "board_args": {"q": query, "dept": department_id},
            "board_url": url_for("absence.board", q=query, dept=department_id, show=show or None),
            "board_filters": rules.FILTERS, "undoable": _undoable}


def _status_url(notice: LeavePostNotice) -> str:
    return url_for("absence_public.status", token=notice.status_token, _external=True)


def _visible(notice_id: int) -> LeavePostNotice:
    return queries.notice(notice_id) or abort(404)


def _details_visible(notice: LeavePostNotice) -> bool:
    return rules.can_see_details(current_user.id, current_user.role_set, notice.employee_id,
                                 notice.approver_id, notice.decided_by_id)


# --- the board --------------------------------------------------------------------------

# The company-wide board is the same for everyone (a line per department, names of those out):
# polled every 30 s by every open board, it is made at most every 10 s per worker.
COMPANY_BOARD = SharedFragment(seconds=10)


@bp.get("/")
def board():
    _sweep()
    now = utcnow()
    q = request.args.get("q", "")[:50]
    department_id = int_arg("dept")
    show = request.args.get("show", "")
    show = show if show in rules.FILTERS else ""
    if not q and department_id is None and not show:
        shared = COMPANY_BOARD.get(str(get_locale()), lambda: render_template(
            "absence/_board.html", **_board_context(now)))
        if htmx.is_htmx():
            return htmx.fragment(shared)
        context = {"shared_board": Markup(shared), "search_form": Markup(_company_search_form()), "now": now,
                   "countdown": countdown_text, "show": show}
    else:
        context = _board_context(now, show, department_id=department_id, query=q)
        if htmx.is_htmx():
            return htmx.render("absence/board.html", "absence/_board.html", **context)
        context["departments"] = staff_queries.department_options()
    mine = queries.my_open_notices(now + timedelta(days=1), current_user.id)
    return htmx.render("absence/board.html", "absence/_board.html", q=q, department_id=department_id,
                       mine=mine, **context)


def _company_search_form() -> str:
    """The unfiltered board's search form, the same for everyone: made once per worker and
    language while the departments stand."""
    return derived_cache.remembered("absence_board_search_form", None, lambda: render_template(
        "absence/_search.html", q="", department_id=None, show="", departments=staff_queries.department_options()))


def _back() -> str:
    """The board the office was looking at (its filters), as its form sent it; else the board."""
    back = auth_rules.safe_next(request.form.get("back", "")[:300])
    return back if back and back.startswith("/absence/") else url_for("absence.board")


def _undoable(finding, now: datetime) -> bool:
    """Whether the user may still take back this finding of absence (for the button)."""
    return finding is not None and rules.undo_problem(
        rules.AWAY_WITHOUT_NOTICE, finding.checked_by_id, finding.checked_at, current_user.id, now, False) is None


@bp.post("/presence/<int:employee_id>")
@allow(OFFICE)
def presence(employee_id: int):
    """A presence check. Finding someone away without a notice writes 旷工 in the register:
    it is asked again first (`confirm=yes` records it), and can be taken back for a minute."""
    person = queries.employee(employee_id) or abort(404)
    found = request.form.get("found", "")
    now = utcnow()
    if found not in rules.FOUND:
        return _row_response(person.id, now, _("Choose at post or away."), 422)
    local_now = _local(now)
    covered = [n for n in queries.open_notices(now, person.id)
               if rules.notice_covers(n.state, _local(n.left_at), _local(n.created_at), n.returned_at, local_now)]
    if found == "away_without_notice" and covered:
        return _row_response(person.id, now, _("%(name)s is out on an approved notice: not absent without leave.",
                                                name=person.name), 409)
    if found == "away_without_notice" and queries.on_approved_leave(person.id, local_now.date(), local_now):
        return _row_response(person.id, now, _("%(name)s is on approved leave now: not absent without leave.",
                                                name=person.name), 409)
    if found == "away_without_notice" and request.form.get("confirm") != "yes":
        return _row_response(person.id, now, None, confirming=True)
    if not operations.record_presence(person.id, found, current_user.id,
                                      _("Presence check: away from the post without notice")):
        return _row_response(person.id, now, _("Someone saved this at the same moment; try again."), 409)
    if found == "away_without_notice":
        message = _("%(name)s recorded as away without notice (absence without leave).", name=person.name)
    else:
        message = _("%(name)s recorded at post.", name=person.name)
    return _row_response(person.id, now, message)


@bp.post("/checks/<int:check_id>/undo")
@allow(OFFICE)
def undo_presence(check_id: int):
    """Take back a finding of absence within the minute: the 旷工 it wrote goes too."""
    check = queries.presence_check(check_id) or abort(404)
    now = utcnow()
    problem = rules.undo_problem(check.found, check.checked_by_id, check.checked_at, current_user.id, now,
                                 queries.check_withdrawn(check.id))
    if problem is None and not operations.undo_presence(check, current_user.id):
        problem = rules.ALREADY_UNDONE        # taken back by someone else at the same moment
    person = queries.employee(check.employee_id) or abort(404)
    if problem:
        return _row_response(person.id, now, str(labels.UNDO_PROBLEMS[problem]) % {"name": person.name}, 409)
    return _row_response(person.id, now, _("Taken back: %(name)s is no longer recorded as away without notice, "
                                           "and the absence without leave is out of the register.", name=person.name))


def _row_response(employee_id: int, now: datetime, message: str | None, status: int = 200, confirming: bool = False):
    """The answer to a presence check: the person's row (htmx), else the board the office was
    on, the message flashed — or, asked to confirm, the question on a page of its own."""
    context = _board_context(now, employee_id=employee_id)
    rows = [r for _d, rows in context["groups"] for r in rows]
    if not rows:
        abort(404)
    context.update(row=rows[0], message=message, error=status >= 400, confirming=confirming, back=_back(),
                   undoable=_undoable)
    if htmx.is_htmx():
        return render_template("absence/_board_row.html", **context), status
    if confirming:
        return render_template("absence/confirm_absent.html", **context), status
    flash(message, "error" if status >= 400 else "success")
    return redirect(context["back"])


# --- filing a notice ---------------------------------------------------------------------

def _substitute_choices():
    return grouped_choices(staff_queries.people_for_choice())


def _new_form(formdata=None) -> NoticeForm:
    form = NoticeForm(formdata=formdata)
    form.substitute_id.choices = _substitute_choices()
    if formdata is None:
        now = _local_input(utcnow())
        form.left_at.data = now
        form.expected_back.data = now + timedelta(hours=1)
        sub = current_user.substitute
        form.substitute_id.data = sub.id if sub else 0
        form.contact_phone.data = current_user.phone or ""
    return form


@bp.get("/new")
def new():
    _sweep()
    return render_template("absence/new.html", form=_new_form(), mine=queries.mine(current_user.id),
                           half_day=_half_day_hours())


def _approver_for(user, now: datetime) -> tuple[int | None, str, int | None]:
    """Who decides the user's notice now, why (rules.resolve_approver), and the approver of
    record (who would, were they here)."""
    department = user.department
    gm_id = presence_queries.general_manager_id()
    level = rules.leave_post_approver(user.rank)
    candidate = {"department_head": department.head_id, "deputy_manager": department.deputy_id,
                 "general_manager": gm_id}[level]
    away = presence_queries.away_at(now)
    substitute = presence_queries.substitutes_of({candidate}).get(candidate) if candidate in away else None
    approver, why = rules.resolve_approver(candidate, user.id, away, queries.office_head_id(), gm_id, substitute)
    return approver, why, candidate


def _cover_problem(user, substitute_id: int | None, left_at: datetime, back: datetime) -> str | None:
    """Why the person named to cover the post will not do, saying who could (or None)."""
    away = presence_queries.away_at(left_at) | presence_queries.away_at(back - timedelta(seconds=1))
    problem = rules.substitute_problem(user.id, substitute_id, away)
    if problem is None:
        return None
    post_substitute = user.substitute.id if user.substitute else None
    could = rules.cover_candidates(user.id, post_substitute, queries.colleagues(user.department_id), away)
    names = staff_queries.people(set(could) | ({substitute_id} if substitute_id else set()))
    text = labels.SUBSTITUTE_PROBLEMS[problem]
    text = str(text) % {"name": names[substitute_id].name} if problem == rules.SUBSTITUTE_AWAY else str(text)
    if not could:
        return _("%(problem)s Nobody of your department is at work then: ask your head who covers your post.",
                 problem=text)
    listed = [_("%(name)s (your post’s substitute)", name=names[p].name) if p == post_substitute else names[p].name
              for p in could]
    return _("%(problem)s Could cover: %(names)s.", problem=text, names="、".join(listed))


def _form_page(form, status: int):
    return render_template("absence/new.html", form=form, mine=queries.mine(current_user.id),
                           half_day=_half_day_hours()), status


@bp.post("/new")
def submit():
    form = _new_form(request.form)
    now = utcnow()
    if not form.validate():
        return _form_page(form, 422)
    left_local, back_local = form.left_at.data, form.expected_back.data
    left_at, back = _to_utc(left_local), _to_utc(back_local)
    problem = rules.check_times(left_local, back_local, _local(now))
    if problem == "other_day" and needs_leave_request(left_local, back_local):
        problem = None                # away over several days: leave, below
    if problem:
        (form.left_at if problem == "back_dated" else form.expected_back).errors = [TIME_PROBLEMS[problem]]
        return _form_page(form, 422)
    if needs_leave_request(left_local, back_local):
        flash(_("Away for more than %(hours)g working hours is leave, not a leave-post notice. Your dates and "
                "reason are filled in below: choose the type of leave and send the request.",
                hours=_half_day_hours()), "warning")
        # What was typed goes along: the leave form reads it (and checks it) without saving it.
        start, start_part, end, end_part = half_days_covering(left_local, back_local)
        reason = form.details.data or str(CATEGORY_LABELS.get(form.category.data, ""))
        return redirect(url_for("leave.new", start_date=start.isoformat(), start_part=start_part,
                                end_date=end.isoformat(), end_part=end_part, reason=reason))
    if queries.my_open_notices(now + timedelta(days=1), current_user.id):
        flash(_("You already have a notice that is not closed: tap “I am back” first."), "error")
        return redirect(url_for("absence.board"))
    substitute_id = form.substitute_id.data or None
    cover_problem = _cover_problem(current_user, substitute_id, left_at, back)
    if cover_problem:
        form.substitute_id.errors = [cover_problem]
        return _form_page(form, 422)
    registered = rules.is_registered(current_user.rank)
    approver_id, why, record_id = (None, rules.NOBODY, None) if registered else _approver_for(current_user, now)
    notice = operations.file_notice(
        current_user.id, category=form.category.data, details=form.details.data, left_at=left_at,
        expected_back=back, substitute_id=substitute_id, contact_phone=form.contact_phone.data,
        approver_id=approver_id, registered=registered)
    notice = queries.notice(notice.id)
    if registered:
        flash(_("Notice registered: nobody approves the general manager’s notices. The office sees it."),
              "success")
    elif approver_id is None:
        flash(_("Notice filed; nobody could be found to approve it — tell the office."), "warning")
    elif why == rules.DIRECT:
        flash(_("Notice filed; %(name)s has been asked to approve it.", name=notice.approver.name), "success")
    else:
        record = staff_queries.people({record_id}).get(record_id) if record_id else None
        reason = str(labels.APPROVER_REASONS[why]) % {"name": notice.approver.name,
                                                     "record": record.name if record else "—"}
        flash(_("Notice filed. %(why)s", why=reason), "success")
    return redirect(url_for("absence.detail", notice_id=notice.id))


# --- one notice ----------------------------------------------------------------------------

def _detail_page(notice: LeavePostNotice, return_form: ReturnTimeForm | None = None, status: int = 200):
    now = utcnow()
    department_head_id = notice.employee.department.head_id
    may_record_time = rules.can_record_return_time(current_user.id, current_user.role_set, notice.state,
                                                   notice.employee_id, department_head_id)
    if may_record_time and return_form is None:
        return_form = ReturnTimeForm(formdata=None)
        return_form.returned_at.data = min(_local_input(now), _local_input(notice.expected_back))
    outcome = None
    if notice.state in ("returned", rules.UNRETURNED):
        outcome = rules.notice_outcome(_local(notice.expected_back),
                                       _local(notice.returned_at) if notice.returned_at else None,
                                       rules.day_end(_local(notice.left_at)), queries.grace_minutes())
    return render_template(
        "absence/detail.html", notice=notice, now=now, countdown=countdown_text,
        overdue=queries.overdue(notice, now), show_details=_details_visible(notice),
        may_decide=rules.can_decide(current_user.id, notice.state, notice.approver_id),
        may_return=rules.can_record_return(current_user.id, current_user.role_set, notice.state,
                                           notice.employee_id, department_head_id),
        return_form=return_form if may_record_time else None, outcome=outcome,
        closed=notice.state in ("returned", rules.UNRETURNED),
        registered=notice.approver_id is None and notice.decided_by_id == notice.employee_id,
        day_end=rules.day_end(_local(notice.left_at)),
        status=rules.return_status(notice.expected_back, notice.returned_at, now, queries.grace_minutes()),
        status_url=_status_url(notice)), status


@bp.get("/<int:notice_id>")
def detail(notice_id: int):
    _sweep()
    return _detail_page(_visible(notice_id))


@bp.get("/approvals")
def approvals():
    registered = ([], [])
    if current_user.has_role("office"):
        registered = queries.registered_since(utcnow() - timedelta(days=31))
    return render_template("absence/approvals.html", notices=queries.pending_for(current_user.id),
                           now=utcnow(), countdown=countdown_text, registered_notices=registered[0],
                           registered_leave=registered[1])


@bp.post("/<int:notice_id>/decide")
def decide(notice_id: int):
    notice = _visible(notice_id)
    if notice.approver_id != current_user.id:
        abort(403)
    outcome, note, problem = approval_web.read_decision()
    message, status, category = None, 200, None
    if not rules.can_decide(current_user.id, notice.state, notice.approver_id):
        problem, status = approval_web.already_decided(operations.SUBJECT, notice.id, notice.state), 409
    elif problem:
        status = 422
    elif not operations.decide(notice, outcome, current_user.id, note):
        problem, status = approval_web.already_decided(operations.SUBJECT, notice.id, notice.state), 409
    else:
        message = approval_web.success_message(outcome, notice.employee.name)
        category = approval_web.message_category(outcome)
    return htmx.respond("absence/_approval_row.html", status=status, message=problem or message, category=category,
                        redirect_to=url_for("absence.approvals"), notice=queries.notice(notice_id), error=problem,
                        note=note if problem else "", now=utcnow(), countdown=countdown_text)


@bp.post("/<int:notice_id>/return")
def record_return(notice_id: int):
    _sweep()      # a notice whose day is over was closed by it: coming back the next day is too late
    notice = _visible(notice_id)
    if not rules.can_record_return(current_user.id, current_user.role_set, "approved",
                                   notice.employee_id, notice.employee.department.head_id):
        abort(403)
    outcome = (operations.record_return(notice, current_user.id, queries.grace_minutes())
               if notice.state in rules.OPEN_STATES else False)
    if outcome is False:
        flash(_("This notice is already closed."), "error")
        return redirect(url_for("absence.detail", notice_id=notice.id))
    now = utcnow()
    if outcome == rules.LATE:
        flash(_("Welcome back, recorded at %(time)s — later than %(due)s: marked late in the register.",
                time=to_local(now).strftime("%H:%M"), due=to_local(notice.expected_back).strftime("%H:%M")),
              "warning")
    elif outcome == rules.ABSENT:
        flash(_("Recorded at %(time)s — after the end of the working day: absent without leave in the register.",
                time=to_local(now).strftime("%H:%M")), "warning")
    else:
        flash(_("Welcome back, recorded at %(time)s.", time=to_local(now).strftime("%H:%M")), "success")
    return redirect(url_for("absence.board") if notice.employee_id == current_user.id
                    else url_for("absence.detail", notice_id=notice.id))


@bp.post("/<int:notice_id>/return-time")
def record_return_time(notice_id: int):
    """The office or the head: when the person really came back (they forgot to tap, or the
    end-of-day sweep closed the notice while they were in fact back)."""
    notice = _visible(notice_id)
    if not rules.can_record_return_time(current_user.id, current_user.role_set, "approved",
                                        notice.employee_id, notice.employee.department.head_id):
        abort(403)
    if notice.state not in rules.OPEN_STATES + (rules.UNRETURNED,):
        flash(_("This notice is already closed."), "error")
        return redirect(url_for("absence.detail", notice_id=notice.id))
    form = ReturnTimeForm()
    if not form.validate():
        return _detail_page(notice, form, 422)
    problem = rules.return_time_problem(form.returned_at.data, _local(notice.left_at), _local(utcnow()))
    if problem:
        form.returned_at.errors = [labels.RETURN_TIME_PROBLEMS[problem]]
        return _detail_page(notice, form, 422)
    outcome = operations.record_return_time(notice, current_user.id, _to_utc(form.returned_at.data), queries.grace_minutes())
    if outcome is False:
        flash(_("This notice is already closed."), "error")
    else:
        flash(_("Return of %(name)s recorded at %(time)s: %(outcome)s.", name=notice.employee.name,
                time=form.returned_at.data.strftime("%H:%M"), outcome=labels.OUTCOME_LABELS[outcome]),
              "warning" if outcome else "success")
    return redirect(url_for("absence.detail", notice_id=notice.id))


# --- the away card ------------------------------------------------------------------------

def _size() -> str:
    size = request.args.get("size", "a6").lower()
    return size if size in CARD_SIZES else "a6"


def _card_items(notices) -> list[dict]:
    return [{"notice": n, "qr": qr.data_uri(_status_url(n))} for n in notices]


def _card_pdf(notices, size: str, filename: str):
    with force_locale("zh_CN"):  # the card stands on a desk in China: always in Chinese
        html = render_template("absence/card_pdf.html", cards=_card_items(notices), size=size)
    key = "absence-" + hashlib.sha256(html.encode()).hexdigest()[:32]
    path = pdf.cached(key, lambda: pdf.render(html, ("absence.css",)))
    return pdf.send(path, filename, etag=path.stem)


def _not_printable(notice: LeavePostNotice):
    """Why there is no card of this notice, as the answer to give (or None): a refused notice
    has none (404); one still waiting for approval sends the reader back to it, saying so."""
    if notice.state == "pending":
        flash(_("The away card can be printed once the notice is approved."), "warning")
        return redirect(url_for("absence.detail", notice_id=notice.id))
    if not rules.can_print_card(notice.state):
        abort(404)
    return None


@bp.get("/<int:notice_id>/card")
def card(notice_id: int):
    notice = _visible(notice_id)
    return _not_printable(notice) or render_template("absence/card.html", cards=_card_items([notice]),
                                                     notice=notice, size=_size())


@bp.get("/<int:notice_id>/card.pdf")
def card_pdf(notice_id: int):
    notice = _visible(notice_id)
    return _not_printable(notice) or _card_pdf([notice], _size(), f"离岗告示卡-{notice.employee.name}.pdf")


@bp.get("/cards.pdf")
@allow(OFFICE)
def cards_pdf():
    notices = queries.cards(utcnow())
    if not notices:
        flash(_("Nobody is out on a notice right now: no cards to print."), "warning")
        return redirect(url_for("absence.board"))
    return _card_pdf(notices, _size(), f"离岗告示卡-{local_today().isoformat()}.pdf")


# --- the lobby screen switch -------------------------------------------------------------------

def kiosk_enabled() -> bool:
    return get_setting(operations.KIOSK_SETTING, "off") == "on"


@bp.route("/settings", methods=["GET", "POST"])
@allow(ADMIN)
def settings():
    form = KioskForm()
    if request.method == "GET":
        form.enabled.data = kiosk_enabled()
    elif form.validate():
        operations.set_kiosk(form.enabled.data)
        flash(_("The lobby screen is on.") if form.enabled.data else _("The lobby screen is off."), "success")
        return redirect(url_for("absence.settings"))
    return render_template("absence/settings.html", form=form, enabled=kiosk_enabled())


# --- public: the lobby screen and the card's status page ---------------------------------------

@kiosk_bp.get("/kiosk")
def kiosk():
    if not kiosk_enabled():
        abort(404)
    now = utcnow()
    context = {"groups": queries.board(now), "now": now, "countdown": countdown_text, "overdue": queries.overdue}
    return htmx.render("absence/kiosk.html", "absence/_kiosk.html", **context)


@kiosk_bp.get("/status/<token>")
def status(token: str):
    if len(token) > 32:
        abort(404)
    notice = queries.notice_by_token(token) or abort(404)
    now = utcnow()
    return render_template("absence/status.html", notice=notice, now=now, countdown=countdown_text,
                           back=notice.state == "returned")

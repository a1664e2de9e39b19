"""The approval inbox: requests the user must decide now (as approver of record or as the
acting substitute), one-click approval and refusal with a reason via htmx, overdue
report-backs, and the navigation badge."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..clock import local_today, utcnow
from ..web.htmx import is_htmx, render
from . import queries_requests as queries, routing, rules
from .blueprint import bp
from .forms_requests import RefuseForm
from .models import LeaveEvent
from .views_requests import _tell_waiting_requests


def waiting_for(user_id: int, now):
    """[(request, acting reason)] the user must decide now, and the routing facts."""
    route = routing.load(now)
    rows = []
    for leave in queries.pending_maybe_for(user_id, route.away):
        acting, reason = route.acting(leave)
        if acting == user_id and leave.employee_id != user_id:
            rows.append((leave, reason))
    return rows, route


def overdue_for(user) -> list:
    today = local_today()
    office = user.has_role("office")
    leaves = queries.not_reported_back(today, None if office else user.id)
    return [r for r in leaves if _overdue(r, today)]


def _overdue(leave, today) -> bool:
    try:
        return rules.report_back_overdue(leave.end_date, leave.end_part, False, today)
    except rules.CalendarUnknown:
        return False


@bp.get("/inbox")
def inbox():
    user = current_user._get_current_object()
    rows, _route = waiting_for(user.id, utcnow())
    return render_template("leave/inbox.html", rows=rows, overdue=overdue_for(user),
                           is_office=user.has_role("office"), form=RefuseForm(formdata=None))


@bp.get("/inbox/badge")
def inbox_badge():
    rows, _route = waiting_for(current_user.id, utcnow())
    return render_template("leave/_badge.html", count=len(rows))


def _decidable(request_id: int):
    leave = queries.request_with_people(request_id) or abort(404)
    route = routing.load(utcnow())
    acting, reason = route.acting(leave) if leave.state == "submitted" else (None, None)
    if not rules.can_see_request(current_user.id, leave.employee_id, leave.approver_id, acting, leave.decided_by_id):
        abort(403)
    return leave, acting, reason


def _row(leave, reason, error=None, form=None):
    if is_htmx():
        return render_template("leave/_inbox_row.html", leave=leave, reason=reason, error=error,
                               form=form or RefuseForm(formdata=None), done=leave.state != "submitted")
    if error:
        flash(error, "error")
    return redirect(request.form.get("next") == "detail" and url_for("leave.detail", request_id=leave.id)
                    or url_for("leave.inbox"))


def _decide(leave, outcome: str, note: str = "") -> None:
    user_id = current_user.id
    leave.state = outcome
    leave.decided_by_id = user_id
    leave.decided_at = utcnow()
    leave.decision_note = note
    behalf = leave.approver_id if leave.approver_id != user_id else None
    leave.events.append(LeaveEvent(kind="decided", actor_id=user_id, on_behalf_of_id=behalf, detail=outcome))
    if outcome == "approved":
        _tell_waiting_requests(leave.employee_id, "rerouted",
                               f"{leave.start_date.isoformat()}/{leave.end_date.isoformat()}")
    db.session.commit()


def _open_for_decision(request_id: int):
    """(leave, routing reason, answer): the answer is set when there is nothing to decide."""
    leave, acting, reason = _decidable(request_id)
    if leave.state != "submitted":
        return leave, reason, _row(leave, reason, _("This request has already been decided."))
    if not rules.can_decide(current_user.id, leave.state, leave.employee_id, acting):
        abort(403)
    return leave, reason, None


@bp.post("/<int:request_id>/approve")
def approve(request_id: int):
    leave, reason, answer = _open_for_decision(request_id)
    if answer:
        return answer
    _decide(leave, "approved")
    if not is_htmx():
        flash(_("Approved: %(name)s's leave.", name=leave.employee.name), "success")
    return _row(leave, reason)


@bp.post("/<int:request_id>/refuse")
def refuse(request_id: int):
    leave, reason, answer = _open_for_decision(request_id)
    if answer:
        return answer
    form = RefuseForm()
    if not form.validate_on_submit():
        return _row(leave, reason, _("The reason is too long (500 characters at most)."), form)
    if rules.refusal_reason_missing(form.note.data):
        return _row(leave, reason, _("Please give a reason for refusing."), form)
    _decide(leave, "refused", form.note.data)
    if not is_htmx():
        flash(_("Refused: %(name)s's leave.", name=leave.employee.name), "success")
    return _row(leave, reason)


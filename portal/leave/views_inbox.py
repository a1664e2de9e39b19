"""The approval inbox: requests the user must decide now (as approver of record or as the
acting substitute), one-click approval and refusal with a reason via htmx (portal.approvals), overdue
report-backs, and the navigation badge."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..approvals import web as approval_web
from ..clock import utcnow
from ..web.htmx import respond
from . import operations_requests as operations, queries_requests as queries, routing, rules
from .blueprint import bp


@bp.get("/inbox")
def inbox():
    user = current_user._get_current_object()
    rows, _route = routing.waiting_for(user.id, utcnow())
    return render_template("leave/inbox.html", rows=rows, overdue=routing.overdue_for(user),
                           is_office=user.has_role("office"))


def _decidable(request_id: int):
    leave = queries.request_with_people(request_id) or abort(404)
    route = routing.load(utcnow())
    acting, reason = route.acting(leave) if leave.state == "submitted" else (None, None)
    if not rules.can_see_request(current_user.id, leave.employee_id, leave.approver_id, acting, leave.decided_by_id):
        abort(403)
    return leave, acting, reason


def _row(leave, reason, message: str, status: int = 200, note: str = "", category: str | None = None):
    """The answer to a decision: the row (htmx), else back to where the decider was."""
    back = (request.form.get("next") == "detail" and url_for("leave.detail", request_id=leave.id)
            or url_for("leave.inbox"))
    return respond("leave/_inbox_row.html", status=status, message=message, redirect_to=back, leave=leave,
                   reason=reason, error=message if status >= 400 else None, note=note, category=category)


@bp.post("/<int:request_id>/decide")
def decide(request_id: int):
    leave, acting, reason = _decidable(request_id)
    if leave.state == "submitted" and not rules.can_decide(current_user.id, leave.state, leave.employee_id, acting):
        abort(403)
    outcome, note, problem = approval_web.read_decision()
    if leave.state != "submitted":
        return _row(leave, reason, approval_web.already_decided(operations.SUBJECT, leave.id, leave.state), 409)
    if problem:
        return _row(leave, reason, problem, 422, note)
    if not operations.decide(leave, outcome, current_user.id, note):
        leave = queries.request_with_people(request_id)
        return _row(leave, reason, approval_web.already_decided(operations.SUBJECT, leave.id, leave.state), 409)
    leave = queries.request_with_people(request_id)
    return _row(leave, reason, approval_web.success_message(
        outcome, _("%(name)s's leave", name=leave.employee.name)), category=approval_web.message_category(outcome))

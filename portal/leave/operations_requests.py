"""Everything that changes leave requests: filing, deciding, cancelling, reporting back.
The only leave-request code that writes and commits."""

from sqlalchemy import update

from ..approvals import operations as approvals
from ..clock import to_local, utcnow
from ..extensions import db
from . import queries_requests as queries, routing, rules
from .models import LeaveEvent, LeaveRequest, OrganiserExcuse

SUBJECT = "leave"


def submit(user, period, assessment, stored=None, reason: str = "") -> LeaveRequest:
    """File a request routed as `assessment` says (see views_requests.assess)."""
    leave_type, start, start_part, end, end_part = period
    leave = LeaveRequest(
        employee_id=user.id, leave_type=leave_type, start_date=start, start_part=start_part,
        end_date=end, end_part=end_part, days=assessment.days, reason=reason or "",
        state="submitted", approver_level=assessment.level, approver_id=assessment.record.id,
        proof_file=stored.name if stored else None, proof_name=stored.original_name if stored else None,
        filed_late=assessment.late, combined_days=assessment.combined)
    db.session.add(leave)
    acting = assessment.acting or assessment.record
    substituted = acting.id != assessment.record.id
    leave.events.append(LeaveEvent(kind="submitted", actor_id=user.id))
    leave.events.append(LeaveEvent(
        kind="routed", actor_id=acting.id,
        detail=assessment.acting_reason if substituted else assessment.record_reason,
        on_behalf_of_id=assessment.record.id if substituted else None))
    db.session.commit()
    return leave


def register(user, period, assessment, stored=None, reason: str = "") -> LeaveRequest:
    """The general manager's own leave: nobody below him approves it, so it is approved by being
    filed — the decision in the ledger as his own, "registered" in its history — and requests
    waiting for him go, meanwhile, to whoever decides in his place."""
    leave_type, start, start_part, end, end_part = period
    leave = LeaveRequest(
        employee_id=user.id, leave_type=leave_type, start_date=start, start_part=start_part,
        end_date=end, end_part=end_part, days=assessment.days, reason=reason or "",
        state="submitted", approver_level=assessment.level, approver_id=None,
        proof_file=stored.name if stored else None, proof_name=stored.original_name if stored else None)
    db.session.add(leave)
    leave.events.append(LeaveEvent(kind="submitted", actor_id=user.id))
    db.session.flush()

    def history():
        db.session.add(LeaveEvent(request_id=leave.id, kind="registered", actor_id=user.id))
        tell_waiting_requests(user.id, "rerouted", f"{start.isoformat()}/{end.isoformat()}")
    approvals.decide(LeaveRequest, leave.id, subject=SUBJECT, open_state="submitted", outcome="approve",
                     decider_id=user.id, approver_of_record_id=None, then=history)
    return leave


def decide(leave: LeaveRequest, outcome: str, decider_id: int, note: str = "") -> bool:
    """Approve or refuse; False when someone decided (or the requester cancelled) first."""
    def history():
        behalf = leave.approver_id if leave.approver_id != decider_id else None
        db.session.add(LeaveEvent(request_id=leave.id, kind="decided", actor_id=decider_id,
                                  on_behalf_of_id=behalf, detail=leave.state))
        if leave.state == "approved":
            tell_waiting_requests(leave.employee_id, "rerouted",
                                  f"{leave.start_date.isoformat()}/{leave.end_date.isoformat()}")
    return approvals.decide(LeaveRequest, leave.id, subject=SUBJECT, open_state="submitted", outcome=outcome,
                            decider_id=decider_id, approver_of_record_id=leave.approver_id, note=note,
                            then=history)


def cancel(leave: LeaveRequest, by_id: int) -> bool:
    """Cancel a submitted or approved request; False when it was decided or cancelled meanwhile
    in a way that no longer allows it."""
    was_approved = leave.state == "approved"

    def history():
        db.session.add(LeaveEvent(request_id=leave.id, kind="cancelled", actor_id=by_id))
        if was_approved:
            tell_waiting_requests(leave.employee_id, "returned")
    return approvals.change_state(LeaveRequest, leave.id, from_states=(leave.state,), to_state="cancelled",
                                  then=history)


def report_back(leave: LeaveRequest, by_id: int) -> bool:
    """销假: record the return once; False if it was already recorded. Reported back before
    the planned end, the leave ends that day (rules.taken_end): its end and working days
    become those taken — what the register, the reports and the calendar count — and the
    planned ones are kept."""
    now = utcnow()
    ended = rules.taken_end(leave.start_date, leave.start_part, leave.end_date, leave.end_part,
                            to_local(now).replace(tzinfo=None))
    values = {"reported_back_at": now}
    if ended is not None:
        values.update(end_date=ended[0], end_part=ended[1], days=rules.days_taken(leave.start_date, leave.start_part, *ended),
                      planned_end_date=leave.end_date, planned_end_part=leave.end_part, planned_days=leave.days)
    changed = db.session.execute(
        update(LeaveRequest).where(LeaveRequest.id == leave.id, LeaveRequest.state == "approved",
                                   LeaveRequest.reported_back_at.is_(None))
        .values(**values).execution_options(synchronize_session="evaluate")).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.add(LeaveEvent(request_id=leave.id, kind="reported_back", actor_id=by_id,
                              on_behalf_of_id=leave.decided_by_id or leave.approver_id,
                              detail=f"{ended[0].isoformat()} {ended[1]}" if ended else ""))
    tell_waiting_requests(leave.employee_id, "returned")
    db.session.commit()
    return True


def tell_waiting_requests(approver_id: int, kind: str, detail: str = "") -> None:
    """History on the requests waiting for `approver_id` when they leave or come back
    (part of the caller's transaction)."""
    waiting = queries.pending_of_record(approver_id)
    if not waiting:
        return
    route = routing.load(utcnow(), also_away={approver_id} if kind == "rerouted" else set())
    for pending in waiting:
        if kind == "rerouted":
            acting, _reason = route.acting(pending)
            pending.events.append(LeaveEvent(kind=kind, actor_id=acting, on_behalf_of_id=approver_id, detail=detail))
        else:
            pending.events.append(LeaveEvent(kind=kind, actor_id=approver_id))


def ask_excuse(employee_id: int, organiser_id: int, activity: str, activity_date, reason: str) -> None:
    """Ask an organiser to be excused from a meeting, training or exam."""
    db.session.add(OrganiserExcuse(employee_id=employee_id, organiser_id=organiser_id, activity=activity,
                                   activity_date=activity_date, reason=reason))
    db.session.commit()


def answer_excuse(excuse: OrganiserExcuse, excused: bool) -> bool:
    """The organiser's answer, once; False when it was already answered."""
    changed = db.session.execute(
        update(OrganiserExcuse).where(OrganiserExcuse.id == excuse.id, OrganiserExcuse.excused.is_(None))
        .values(excused=excused, answered_at=utcnow()).execution_options(synchronize_session="evaluate")).rowcount
    db.session.commit()
    return changed == 1

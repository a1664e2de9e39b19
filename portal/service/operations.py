"""Every change at the customer-service desk; the only code here that commits."""

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import commit_unless_taken, db
from . import rules
from ..approvals import operations as approvals
from ..clock import to_local
from .models import (ColdFile, Complaint, EnteredFigure, ComplaintEntry, ConnectionApplication, ConnectionApproval, Contact, Household,
                     Measurement, MeasurementCheck, PlannedMeasurement, ReturnVisit, RoomReading, Ticket, TicketEvent, TrackFailure,
                     WebReport)


def log_contact(receiver_id: int, now: datetime, **fields) -> Contact:
    contact = Contact(receiver_id=receiver_id, received_at=now, **fields)
    db.session.add(contact)
    db.session.commit()
    return contact


def close_contact(contact_id: int, outcome: str, told_missing: str = "") -> bool:
    """Answered (on the spot, or by whoever accepted it), or everything missing told at once (一次性告知)."""
    changed = db.session.execute(update(Contact).where(Contact.id == contact_id, Contact.outcome.in_(("", "passed_on")))
                                 .values(outcome=outcome, told_missing=told_missing.strip())).rowcount
    db.session.commit()
    return changed == 1


def pass_contact(contact_id: int, department_id: int, now: datetime) -> bool:
    """Passed to the department responsible; the receiver owns it until someone there accepts it."""
    changed = db.session.execute(update(Contact).where(Contact.id == contact_id, Contact.accepted_by_id.is_(None))
                                 .values(outcome="passed_on", passed_to_id=department_id, passed_at=now)).rowcount
    db.session.commit()
    return changed == 1


def accept_contact(contact_id: int, by_id: int, now: datetime) -> bool:
    """Someone of the department it was passed to takes it over; False when someone did already."""
    changed = db.session.execute(update(Contact).where(Contact.id == contact_id, Contact.accepted_by_id.is_(None),
                                                       Contact.passed_to_id.is_not(None))
                                 .values(accepted_by_id=by_id, accepted_at=now)).rowcount
    db.session.commit()
    return changed == 1


def open_ticket(received_by_id: int, received_at: datetime, category: str, situation: str, fault: str,
                contact_id: int | None = None, web_report_id: int | None = None, **fields) -> Ticket:
    """A ticket with its deadlines, known the moment it is classified."""
    urgency = rules.classify(situation)
    ticket = Ticket(received_by_id=received_by_id, received_at=received_at, category=category, situation=situation,
                    urgency=urgency, fault=fault or "", arrive_by=rules.arrival_deadline(received_at, urgency),
                    promised_by=rules.promised_arrival(received_at, urgency, category),
                    clear_by=rules.clear_deadline(received_at, fault or ""), **fields)
    db.session.add(ticket)
    db.session.flush()
    note = (f"首问登记 #{contact_id}" if contact_id is not None else
            f"网上报修 #{web_report_id}，已回电核实" if web_report_id is not None else "")
    db.session.add(TicketEvent(ticket_id=ticket.id, kind="received", at=received_at, by_id=received_by_id, note=note))
    if contact_id is not None:
        db.session.execute(update(Contact).where(Contact.id == contact_id).values(ticket_id=ticket.id))
    if web_report_id is not None:
        db.session.execute(update(WebReport).where(WebReport.id == web_report_id).values(ticket_id=ticket.id))
    db.session.commit()
    return ticket


def ticket_arrived(ticket_id: int, by_id: int, now: datetime) -> bool:
    changed = db.session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.arrived_at.is_(None))
                                 .values(arrived_at=now)).rowcount
    if changed == 1:
        db.session.add(TicketEvent(ticket_id=ticket_id, kind="arrived", at=now, by_id=by_id))
    db.session.commit()
    return changed == 1


def ticket_cleared(ticket_id: int, by_id: int, now: datetime, result: str) -> bool:
    """Cleared with its result (arrival recorded too when it was not)."""
    ticket = db.session.get(Ticket, ticket_id)
    arrived_now = ticket.arrived_at is None
    changed = db.session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.cleared_at.is_(None))
                                 .values(cleared_at=now, result=result.strip(),
                                         arrived_at=ticket.arrived_at or now)).rowcount
    if changed == 1:
        if arrived_now:
            db.session.add(TicketEvent(ticket_id=ticket_id, kind="arrived", at=now, by_id=by_id))
        db.session.add(TicketEvent(ticket_id=ticket_id, kind="cleared", at=now, by_id=by_id, note=result.strip()))
    db.session.commit()
    return changed == 1


def receive_complaint(received_by_id: int, contact_id: int | None = None, **fields) -> Complaint:
    """A complaint as received, with its first owner (the receiver)."""
    complaint = Complaint(received_by_id=received_by_id, **fields)
    db.session.add(complaint)
    db.session.flush()
    db.session.add(ComplaintEntry(complaint_id=complaint.id, kind=rules.OWNER, owner_id=received_by_id,
                                  by_id=received_by_id, at=complaint.received_at))
    if contact_id is not None:
        db.session.execute(update(Contact).where(Contact.id == contact_id).values(complaint_id=complaint.id))
    db.session.commit()
    return complaint


def add_entry(complaint_id: int, kind: str, by_id: int, now: datetime, text: str = "", owner_id: int | None = None,
              corrects_id: int | None = None) -> ComplaintEntry:
    entry = ComplaintEntry(complaint_id=complaint_id, kind=kind, text=text.strip(), owner_id=owner_id,
                           corrects_id=corrects_id, by_id=by_id, at=now)
    db.session.add(entry)
    db.session.commit()
    return entry


def record_visit(by_id: int, now: datetime, complaint: Complaint | None, ticket: Ticket | None, method: str,
                 satisfaction: str, in_time: bool, matches_record: bool, note: str,
                 reopen_situation: str | None) -> ReturnVisit | None:
    """A return visit; an unsatisfied, late or untrue case goes back to the department as a new
    ticket (of the ticket's situation, or the one chosen for a complaint). None when the case
    was visited already (one visit each: the database refuses a second)."""
    again = None
    if rules.sent_back(satisfaction, in_time, matches_record):
        situation = ticket.situation if ticket else reopen_situation
        category = ticket.category if ticket else complaint.category
        urgency = rules.classify(situation)
        again = Ticket(household_id=(ticket or complaint).household_id, address=(ticket or complaint).address,
                       caller=ticket.caller if ticket else complaint.name, phone=(ticket or complaint).phone,
                       category=category, situation=situation, urgency=urgency, fault=ticket.fault if ticket else "",
                       description=f"回访后重新处理：{note.strip()}", received_at=now, received_by_id=by_id,
                       arrive_by=rules.arrival_deadline(now, urgency), promised_by=rules.promised_arrival(now, urgency, category),
                       clear_by=rules.clear_deadline(now, ticket.fault if ticket else ""),
                       branch_id=ticket.branch_id if ticket else None)
        db.session.add(again)
        db.session.flush()
        origin = f"回访投诉 #{complaint.id}" if complaint else ""
        db.session.add(TicketEvent(ticket_id=again.id, kind="reopened", at=now, by_id=by_id, note=origin,
                                   other_ticket_id=ticket.id if ticket else None))
    # Written once, complete (return visits are history: the database refuses changes).
    visit = ReturnVisit(complaint_id=complaint.id if complaint else None, ticket_id=ticket.id if ticket else None,
                        method=method, satisfaction=satisfaction, in_time=in_time, matches_record=matches_record,
                        note=note.strip(), by_id=by_id, at=now, reopened_ticket_id=again.id if again else None)
    db.session.add(visit)
    if ticket is not None:
        db.session.add(TicketEvent(ticket_id=ticket.id, kind="sent_back" if again else "visited", at=now, by_id=by_id,
                                   note=note.strip(), other_ticket_id=again.id if again else None))
    return visit if commit_unless_taken() else None


CONNECTION_SUBJECT = "connection_approval"       # in the decisions ledger


def accept_application(accepted_by_id: int, applied_on, answer_by, department_ids, contact_id: int | None = None,
                       **fields) -> ConnectionApplication:
    """One counter accepts; each approving department gets its own decision to take in parallel."""
    application = ConnectionApplication(accepted_by_id=accepted_by_id, applied_on=applied_on, answer_by=answer_by,
                                        **fields)
    db.session.add(application)
    db.session.flush()
    db.session.add_all(ConnectionApproval(application_id=application.id, department_id=d) for d in department_ids)
    if contact_id is not None:
        db.session.execute(update(Contact).where(Contact.id == contact_id).values(connection_id=application.id))
    db.session.commit()
    return application


def decide_connection(approval_id: int, outcome: str, by_id: int, head_id: int | None, note: str) -> bool:
    return approvals.decide(ConnectionApproval, approval_id, subject=CONNECTION_SUBJECT, open_state="pending",
                            outcome=outcome, decider_id=by_id, approver_of_record_id=head_id, note=note)


def answer_application(application_id: int, answer: str, today, charge_yuan) -> bool:
    """The applicant is answered (with the one charge, if any); False when answered already."""
    changed = db.session.execute(update(ConnectionApplication).where(
        ConnectionApplication.id == application_id, ConnectionApplication.answered_on.is_(None))
        .values(answered_on=today, answer=answer.strip(), charge_yuan=charge_yuan)).rowcount
    db.session.commit()
    return changed == 1


def record_measurement(by_id: int, household: Household, **taken) -> Measurement:
    """A measurement as taken and signed (see `measured`), kept for good; below standard, it opens
    the household's cold file unless one is open."""
    measurement = measured(by_id, household, **taken)
    db.session.add(measurement)
    db.session.flush()
    if measurement.verdict == rules.BELOW and not measurement.problems:
        try:
            with db.session.begin_nested():     # another measurement may have opened it this instant
                open_cold_file(measurement)
        except IntegrityError:
            pass
    db.session.commit()
    return measurement


def open_cold_file(measurement: Measurement) -> None:
    """The household's cold file, opened by this measurement, unless one is open already."""
    if db.session.scalar(select(ColdFile.id).where(ColdFile.household_id == measurement.household_id,
                                                   ColdFile.closed_at.is_(None))) is None:
        db.session.add(ColdFile(household_id=measurement.household_id, opened_at=measurement.started_at,
                                opened_by_measurement_id=measurement.id))
        db.session.flush()


def close_cold_file(file_id: int, by_id: int, result: str, now: datetime) -> bool:
    """Closed with what was done and the result; False when it was closed already."""
    changed = db.session.execute(update(ColdFile).where(ColdFile.id == file_id, ColdFile.closed_at.is_(None))
                                 .values(closed_at=now, closed_by_id=by_id, result=result.strip())).rowcount
    db.session.commit()
    return changed == 1


def measured(by_id: int, household: Household, *, entered_at: datetime, started_at: datetime,
             ended_at: datetime, doors_windows_closed: bool, outdoor_c, signature: str, objection: str,
             again_requested: bool, exemption: str, with_whom: str, rooms: list[dict], now: datetime,
             signature_file: str | None = None) -> Measurement:
    """A measurement (not yet stored; times naive UTC, the method judged on local times) with each
    room's standard, the method's problems and the verdict worked out by the rules."""
    judged = [{**room, "standard_c": rules.room_standard(room["room"], room["heated"], room["open_to_balcony"])}
              for room in rooms]
    problems = rules.measurement_problems(*(to_local(t).replace(tzinfo=None) for t in (entered_at, started_at, ended_at)),
                                          doors_windows_closed)
    verdict = rules.household_verdict([(r["standard_c"], r["reading_c"]) for r in judged], signature,
                                      exemption or None, outdoor_c)
    measurement = Measurement(household_id=household.id, branch_id=household.branch_id, measured_by_id=by_id,
                              with_whom=with_whom.strip(), entered_at=entered_at, started_at=started_at,
                              ended_at=ended_at, doors_windows_closed=doors_windows_closed, outdoor_c=outdoor_c,
                              signature=signature, signature_file=signature_file, objection=objection.strip(),
                              again_requested=again_requested,
                              exemption=exemption or "", problems=",".join(problems), verdict=verdict, recorded_at=now,
                              rooms=[RoomReading(**room) for room in judged])
    return measurement


def plan_households(month, household_ids, by_id: int, now: datetime) -> int:
    """Adds the households to the month's plan (those planned already are left as they are);
    how many were added."""
    planned = set(db.session.scalars(select(PlannedMeasurement.household_id).where(
        PlannedMeasurement.month == month, PlannedMeasurement.household_id.in_(list(household_ids)))))
    new = [h for h in dict.fromkeys(household_ids) if h not in planned]
    db.session.add_all(PlannedMeasurement(month=month, household_id=h, planned_by_id=by_id, planned_at=now) for h in new)
    return len(new) if commit_unless_taken() else 0


def unplan(plan_id: int, branch_id: int | None) -> bool:
    """Takes a household off the month's plan (a plan is a list to work through, not history);
    a branch only its own households (`branch_id`; None: any)."""
    statement = delete(PlannedMeasurement).where(PlannedMeasurement.id == plan_id)
    if branch_id is not None:
        statement = statement.where(PlannedMeasurement.household_id.in_(
            select(Household.id).where(Household.branch_id == branch_id)))
    removed = db.session.execute(statement).rowcount
    db.session.commit()
    return removed == 1


def receive_web_report(now: datetime, client: str, **fields) -> WebReport:
    """A resident's report from the public pages: waits for customer service to call back."""
    report = WebReport(received_at=now, client=client, **fields)
    db.session.add(report)
    db.session.commit()
    return report


def record_track_failure(client: str, now: datetime) -> None:
    db.session.add(TrackFailure(client=client, at=now))
    db.session.commit()


def record_check(measurement_id: int, by_id: int, agrees: bool, note: str, now: datetime) -> MeasurementCheck:
    """The office's spot check of a measurement, as written."""
    check = MeasurementCheck(measurement_id=measurement_id, checked_by_id=by_id, checked_at=now, agrees=agrees,
                             note=note.strip())
    db.session.add(check)
    db.session.commit()
    return check


def enter_figure(kind: str, season_start, part: int, whole: int, note: str, by_id: int, now: datetime) -> EnteredFigure:
    """The office enters a commitment's figure for a season; earlier entries stay on record."""
    figure = EnteredFigure(kind=kind, season_start=season_start, part=part, whole=whole, note=note.strip(),
                           entered_by_id=by_id, entered_at=now)
    db.session.add(figure)
    db.session.commit()
    return figure

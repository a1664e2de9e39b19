"""Reads of the customer-service desk."""

from datetime import datetime

from sqlalchemy import Select, bindparam, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..prepared import Asked, first_and_total, prepared
from ..staff.models import Department, Employee
from . import rules
from .models import (Complaint, ComplaintEntry, ConnectionApplication, ConnectionApproval, Contact, Household,
                     ReturnVisit, Ticket, TicketEvent, WebReport)


def households(q: str, limit: int = 30, branch_id: int | None = None) -> list[Household]:
    """Households whose address, name or phone holds `q` (search as you type), of one branch if given."""
    stmt = select(Household).options(joinedload(Household.branch)).order_by(
        Household.estate, Household.building, Household.unit, Household.room).limit(limit)
    if branch_id is not None:
        stmt = stmt.where(Household.branch_id == branch_id)
    for word in q.split()[:4]:
        like = f"%{word}%"
        address = Household.estate + Household.building + "号楼" + Household.unit + "单元" + Household.room
        stmt = stmt.where(or_(address.like(like), Household.name.like(like), Household.phone.like(like)))
    return list(db.session.scalars(stmt))


def household(household_id: int) -> Household | None:
    return db.session.scalar(select(Household).options(joinedload(Household.branch)).where(Household.id == household_id))


def history_of(household_id: int) -> dict:
    """Everything about a household, newest first: contacts, tickets, complaints."""
    return {
        "contacts": list(db.session.scalars(select(Contact).options(joinedload(Contact.receiver))
                                            .where(Contact.household_id == household_id)
                                            .order_by(Contact.received_at.desc()).limit(50))),
        "tickets": list(db.session.scalars(select(Ticket).where(Ticket.household_id == household_id)
                                           .order_by(Ticket.received_at.desc()).limit(50))),
        "complaints": list(db.session.scalars(select(Complaint).where(Complaint.household_id == household_id)
                                              .order_by(Complaint.received_at.desc()).limit(50))),
    }


def branches() -> list[Department]:
    return list(db.session.scalars(select(Department).where(Department.active, Department.kind == "branch")
                                   .order_by(Department.sort_order, Department.id)))


def contact(contact_id: int) -> Contact | None:
    return db.session.scalar(select(Contact).options(joinedload(Contact.receiver), joinedload(Contact.passed_to),
                                                     joinedload(Contact.accepted_by), joinedload(Contact.household))
                             .where(Contact.id == contact_id))


def _open_contacts():
    return Contact.outcome != "answered"


def contacts_owned(user_id: int, department_id: int | None, limit: int = 50) -> list[Contact]:
    """Contacts the user owns and has not closed, and those passed to their department and not
    yet accepted (to accept)."""
    owned = or_(Contact.accepted_by_id == user_id, (Contact.receiver_id == user_id) & Contact.accepted_by_id.is_(None))
    waiting = (Contact.passed_to_id == department_id) & Contact.accepted_by_id.is_(None)
    return list(db.session.scalars(
        select(Contact).options(joinedload(Contact.receiver), joinedload(Contact.passed_to))
        .where(or_(owned, waiting), Contact.ticket_id.is_(None), Contact.complaint_id.is_(None),
               Contact.connection_id.is_(None),
               Contact.outcome.notin_(("answered", "told_missing")))
        .order_by(Contact.received_at.desc()).limit(limit)))


def contacts_to_accept_query(department_id: int | None) -> Asked:
    return Asked(_contacts_to_accept(), {"contacts_department": department_id})


@prepared
def _contacts_to_accept() -> Select:
    return select(func.count()).select_from(Contact).where(Contact.passed_to_id == bindparam("contacts_department"),
                                                           Contact.accepted_by_id.is_(None))


def latest_contacts(limit: int = 40) -> list[Contact]:
    return list(db.session.scalars(select(Contact).options(joinedload(Contact.receiver), joinedload(Contact.passed_to))
                                   .order_by(Contact.received_at.desc()).limit(limit)))


def open_tickets(branch_id: int | None = None) -> list[Ticket]:
    """Tickets not cleared yet, the most pressing deadline first (for a branch: its own)."""
    stmt = (select(Ticket).options(joinedload(Ticket.branch), joinedload(Ticket.household))
            .where(Ticket.cleared_at.is_(None)).order_by(Ticket.promised_by, Ticket.id))
    if branch_id is not None:
        stmt = stmt.where(Ticket.branch_id == branch_id)
    return list(db.session.scalars(stmt))


def overdue_tickets_query(now, branch_id: int | None = None) -> Asked:
    return Asked(_overdue_tickets(of_a_branch=branch_id is not None),
                 {"overdue_now": now, "overdue_branch": branch_id})


@prepared
def _overdue_tickets(of_a_branch: bool) -> Select:
    stmt = select(func.count()).select_from(Ticket).where(Ticket.cleared_at.is_(None), Ticket.arrived_at.is_(None),
                                                          Ticket.promised_by < bindparam("overdue_now"))
    return stmt.where(Ticket.branch_id == bindparam("overdue_branch")) if of_a_branch else stmt


def ticket(ticket_id: int) -> Ticket | None:
    return db.session.scalar(select(Ticket).options(joinedload(Ticket.branch), joinedload(Ticket.household),
                                                    joinedload(Ticket.received_by)).where(Ticket.id == ticket_id))


def ticket_history(ticket_id: int) -> list[TicketEvent]:
    """Every step of a ticket, oldest first, with who took it."""
    return list(db.session.scalars(select(TicketEvent).options(joinedload(TicketEvent.by))
                                   .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.at, TicketEvent.id)))


def complaints(limit: int = 100) -> list[Complaint]:
    return list(db.session.scalars(select(Complaint).options(selectinload(Complaint.entries))
                                   .order_by(Complaint.received_at.desc()).limit(limit)))


def complaint(complaint_id: int) -> Complaint | None:
    return db.session.scalar(select(Complaint).options(
        joinedload(Complaint.received_by),
        selectinload(Complaint.entries).joinedload(ComplaintEntry.by),
        selectinload(Complaint.entries).joinedload(ComplaintEntry.owner)).where(Complaint.id == complaint_id))


# --- return visits -------------------------------------------------------------------------------------

def visit_queue(since, limit: int) -> tuple[list[Complaint], list[Ticket], int]:
    """What waits for a return visit: complaints closed since `since` and a sample of the tickets
    cleared since then, without a visit yet, the oldest first — complaints before tickets, at most
    `limit` of them together — and how many wait in all."""
    closed = select(ComplaintEntry.complaint_id).where(ComplaintEntry.kind == rules.CLOSED, ComplaintEntry.at >= since)
    complaint_wanted = (Complaint.id.in_(closed),
                        ~select(ReturnVisit.id).where(ReturnVisit.complaint_id == Complaint.id).exists())
    ticket_wanted = (Ticket.cleared_at >= since, Ticket.id % rules.TICKET_SAMPLE_EVERY == 0,
                     ~select(ReturnVisit.id).where(ReturnVisit.ticket_id == Ticket.id).exists())
    complaints = list(db.session.scalars(select(Complaint).where(*complaint_wanted)
                                         .order_by(Complaint.received_at).limit(limit)))
    tickets = list(db.session.scalars(select(Ticket).options(joinedload(Ticket.branch)).where(*ticket_wanted)
                                      .order_by(Ticket.cleared_at).limit(max(limit - len(complaints), 0))))
    total = db.session.execute(select(select(func.count()).select_from(Complaint).where(*complaint_wanted).scalar_subquery()
                                      + select(func.count()).select_from(Ticket).where(*ticket_wanted).scalar_subquery())).scalar_one()
    return complaints, tickets, total


def latest_visits(since, limit: int) -> tuple[list[ReturnVisit], int]:
    """The latest `limit` return visits since `since`, and how many there were."""
    return first_and_total(_visits_since(), limit, {"visits_since": since})


@prepared
def _visits_since() -> Select:
    return (select(ReturnVisit).options(joinedload(ReturnVisit.by)).where(ReturnVisit.at >= bindparam("visits_since"))
            .order_by(ReturnVisit.at.desc(), ReturnVisit.id.desc()))


def coverage_counts(since) -> tuple[int, int]:
    """(complaints visited, complaints closed) since `since`."""
    closed = select(ComplaintEntry.complaint_id).where(ComplaintEntry.kind == rules.CLOSED, ComplaintEntry.at >= since)
    handled = db.session.scalar(select(func.count()).select_from(Complaint).where(Complaint.id.in_(closed)))
    visited = db.session.scalar(select(func.count()).select_from(ReturnVisit)
                                .where(ReturnVisit.complaint_id.in_(closed)))
    return visited, handled


# --- connection applications ------------------------------------------------------------------------------

def approving_departments(names) -> list[Department]:
    """The departments that approve a connection (configured by name, in that order)."""
    found = {d.name: d for d in db.session.scalars(select(Department).where(Department.active, Department.name.in_(list(names))))}
    return [found[n] for n in names if n in found]


def applications(limit: int = 100) -> list[ConnectionApplication]:
    return list(db.session.scalars(
        select(ConnectionApplication).options(joinedload(ConnectionApplication.guide),
                                              selectinload(ConnectionApplication.approvals)
                                              .joinedload(ConnectionApproval.department))
        .order_by(ConnectionApplication.answered_on.is_not(None), ConnectionApplication.answer_by,
                  ConnectionApplication.id).limit(limit)))


def application(application_id: int) -> ConnectionApplication | None:
    return db.session.scalar(select(ConnectionApplication).options(
        joinedload(ConnectionApplication.guide), joinedload(ConnectionApplication.accepted_by),
        selectinload(ConnectionApplication.approvals).joinedload(ConnectionApproval.department),
        selectinload(ConnectionApplication.approvals).joinedload(ConnectionApproval.decided_by))
        .where(ConnectionApplication.id == application_id))


def connection_approval(approval_id: int) -> ConnectionApproval | None:
    return db.session.scalar(select(ConnectionApproval).options(*_APPROVAL_WITH)
                             .where(ConnectionApproval.id == approval_id))


_APPROVAL_WITH = (joinedload(ConnectionApproval.department), joinedload(ConnectionApproval.application),
                  joinedload(ConnectionApproval.decided_by))


def connection_approvals_waiting(acting_for, limit: int) -> tuple[list[ConnectionApproval], int]:
    """The first `limit` approvals waiting for a department headed by one of `acting_for` (the
    application whose answer is due soonest first), and how many wait."""
    return first_and_total(_connection_approvals_first(), limit, {"connection_acting": list(acting_for)})


@prepared
def _connection_approvals_first() -> Select:
    return (select(ConnectionApproval).options(*_APPROVAL_WITH)
            .join(Department, Department.id == ConnectionApproval.department_id)
            .join(ConnectionApplication, ConnectionApplication.id == ConnectionApproval.application_id)
            .where(ConnectionApproval.state == "pending",
                   Department.head_id.in_(bindparam("connection_acting", expanding=True)))
            .order_by(ConnectionApplication.answer_by, ConnectionApproval.id))


def connection_approvals_query(acting_for) -> Asked:
    """How many connection approvals wait for a department headed by one of `acting_for`."""
    return Asked(_connection_approvals(), {"connection_acting": list(acting_for)})


@prepared
def _connection_approvals() -> Select:
    return select(func.count()).select_from(ConnectionApproval).join(
        Department, Department.id == ConnectionApproval.department_id).where(
        ConnectionApproval.state == "pending", Department.head_id.in_(bindparam("connection_acting", expanding=True)))


# --- the half-monthly report -----------------------------------------------------------------------------

def period_figures(starts, ends) -> dict:
    """The desk's figures over UTC [starts, ends): a handful of statements, whatever the history."""
    tickets = db.session.execute(select(
        func.count(), func.count(Ticket.arrived_at),
        func.sum(case((Ticket.arrived_at <= Ticket.promised_by, 1), else_=0)),
        func.count(Ticket.cleared_at),
        func.sum(case((Ticket.urgency == rules.EMERGENCY, 1), else_=0)))
        .where(Ticket.received_at >= starts, Ticket.received_at < ends)).one()
    contacts = db.session.scalar(select(func.count()).select_from(Contact)
                                 .where(Contact.received_at >= starts, Contact.received_at < ends))
    received = db.session.scalar(select(func.count()).select_from(Complaint)
                                 .where(Complaint.received_at >= starts, Complaint.received_at < ends))
    by_kind = dict(db.session.execute(select(ComplaintEntry.kind, func.count(func.distinct(ComplaintEntry.complaint_id)))
                                      .where(ComplaintEntry.at >= starts, ComplaintEntry.at < ends,
                                             ComplaintEntry.kind.in_((rules.CLOSED, rules.TOLD_RESULT)))
                                      .group_by(ComplaintEntry.kind)).all())
    satisfaction = dict(db.session.execute(select(ReturnVisit.satisfaction, func.count())
                                           .where(ReturnVisit.at >= starts, ReturnVisit.at < ends)
                                           .group_by(ReturnVisit.satisfaction)).all())
    complaint_visits = db.session.scalar(select(func.count()).select_from(ReturnVisit).where(
        ReturnVisit.at >= starts, ReturnVisit.at < ends, ReturnVisit.complaint_id.is_not(None)))
    return {"tickets": tickets[0], "arrived": tickets[1], "in_time": tickets[2] or 0, "cleared": tickets[3],
            "emergencies": tickets[4] or 0, "contacts": contacts, "complaints": received,
            "closed": by_kind.get(rules.CLOSED, 0), "told": by_kind.get(rules.TOLD_RESULT, 0),
            "satisfaction": satisfaction, "visits": sum(satisfaction.values()), "complaint_visits": complaint_visits}


def visit_of_ticket(ticket_id: int) -> ReturnVisit | None:
    return db.session.scalar(select(ReturnVisit).options(joinedload(ReturnVisit.by)).where(ReturnVisit.ticket_id == ticket_id))


def near_deadline_query(now, manager_id: int) -> Asked:
    """How many tickets nobody has reached yet are close to their time limit (rules.WARN_BEFORE),
    counted for the manager in charge of customer service (the deputy manager over a department
    with customer-service staff); 0 for anyone else. A query of one number, for the home page."""
    return Asked(_near_deadline(), {"near_now": now, "near_manager": manager_id,
                                    **{f"near_{urgency}": now + before for urgency, before in rules.WARN_BEFORE.items()}})


@prepared
def _near_deadline() -> Select:
    near = or_(*[(Ticket.urgency == urgency) & (Ticket.promised_by <= bindparam(f"near_{urgency}"))
                 for urgency in rules.WARN_BEFORE])
    in_charge = (select(Employee.id).join(Department, Department.id == Employee.department_id)
                 .where(Department.deputy_id == bindparam("near_manager"), Department.active, Employee.active,
                        Employee.roles.contains("customer_service")).exists())
    return select(func.count()).select_from(Ticket).where(
        Ticket.arrived_at.is_(None), Ticket.cleared_at.is_(None), Ticket.promised_by > bindparam("near_now"), near,
        in_charge)


# --- return visits by category and by operator (the weekly and half-monthly reports, the daily quota) -------

def _case_category():
    return func.coalesce(Complaint.category, Ticket.category)


def visits_by_category(starts, ends) -> dict:
    """Over UTC [starts, ends): the return visits per desk category (rows of category, visits, of
    which of complaints) and the complaints closed per desk category — two statements."""
    visits = db.session.execute(
        select(_case_category(), func.count(), func.count(ReturnVisit.complaint_id))
        .select_from(ReturnVisit).outerjoin(Complaint, Complaint.id == ReturnVisit.complaint_id)
        .outerjoin(Ticket, Ticket.id == ReturnVisit.ticket_id)
        .where(ReturnVisit.at >= starts, ReturnVisit.at < ends).group_by(_case_category())).all()
    closed = select(ComplaintEntry.complaint_id).where(ComplaintEntry.kind == rules.CLOSED, ComplaintEntry.at >= starts,
                                                       ComplaintEntry.at < ends)
    handled = db.session.execute(select(Complaint.category, func.count()).where(Complaint.id.in_(closed))
                                 .group_by(Complaint.category)).all()
    return {"visits": [tuple(r) for r in visits], "closed": [tuple(r) for r in handled]}


def visits_per_operator(starts, ends) -> list[tuple[int, str, int]]:
    """(employee id, name, return visits done) over UTC [starts, ends) for every active customer-
    service operator (none done: 0) and anyone else who recorded one — most first. One statement."""
    done = func.count(ReturnVisit.id)
    operator = Employee.active & Employee.roles.contains("customer_service")
    visitors = select(ReturnVisit.by_id).where(ReturnVisit.at >= starts, ReturnVisit.at < ends)
    rows = db.session.execute(
        select(Employee.id, Employee.name, done)
        .outerjoin(ReturnVisit, (ReturnVisit.by_id == Employee.id) & (ReturnVisit.at >= starts) & (ReturnVisit.at < ends))
        .where(or_(operator, Employee.id.in_(visitors)))      # not the whole company, grouped
        .group_by(Employee.id, Employee.name)
        .order_by(done.desc(), Employee.name, Employee.id)).all()
    return [tuple(r) for r in rows]


def period_visits(starts, ends, limit: int = 20_000) -> list[tuple]:
    """The return visits over UTC [starts, ends), in the order done: (visit, operator's name, the
    case's desk category). One statement."""
    return [tuple(r) for r in db.session.execute(
        select(ReturnVisit, Employee.name, _case_category())
        .join(Employee, Employee.id == ReturnVisit.by_id)
        .outerjoin(Complaint, Complaint.id == ReturnVisit.complaint_id)
        .outerjoin(Ticket, Ticket.id == ReturnVisit.ticket_id)
        .where(ReturnVisit.at >= starts, ReturnVisit.at < ends).order_by(ReturnVisit.at, ReturnVisit.id).limit(limit))]


# --- residents' reports on the public pages ---------------------------------------------------------------

def web_report(report_id: int) -> WebReport | None:
    return db.session.scalar(select(WebReport).options(joinedload(WebReport.ticket)).where(WebReport.id == report_id))


def web_reports_waiting(limit: int = 50) -> list[WebReport]:
    """Reports from the public pages nobody has called back yet (no ticket), oldest first."""
    return list(db.session.scalars(select(WebReport).where(WebReport.ticket_id.is_(None))
                                   .order_by(WebReport.received_at).limit(limit)))


def recent_from(model, column, client: str, since: datetime) -> int:
    """How many rows of `model` came from `client` since `since` (a rate limit's count)."""
    return db.session.scalar(select(func.count()).select_from(model).where(model.client == client, column >= since))

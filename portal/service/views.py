"""The customer-service desk: whoever first takes a call or meets a visitor logs it and owns it
until someone accepts it (regulation 5); a repair becomes a ticket counting down against the
promised time limits day and night (regulations 9 and 13); a complaint is written down whole
and followed to a result told to the resident, never altered (regulation 11)."""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import quote

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..approvals import web as approval_web
from ..clock import local_to_utc, local_today, to_local, utcnow
from ..leave.reports import XLSX_MIMETYPE
from ..presence import queries as presence_queries
from ..staff import queries as staff_queries
from ..web import htmx, pdf
from ..web.access import LOGGED_IN, allow, declare, either, rank
from ..web.args import int_arg, int_form
from ..web.forms import clean_line, clean_text
from ..workdays.queries import current as working_calendar
from . import operations, queries, queries_temperature, reports, rules
from .forms import ComplaintForm, ContactForm, TicketForm, situation_choices
from .access import BOARD_READERS, DESK, DESK_READERS, LEADERS, MEASURERS, own_branch
from .labels import (CATEGORY_LABELS, CHANNEL_LABELS, ENTRY_LABELS, ENTRY_PROBLEMS, FAULT_LABELS, OUTCOME_LABELS, SATISFACTION_LABELS,
                     SITUATION_LABELS, TICKET_EVENT_LABELS, TRACK_STEP_LABELS, URGENCY_LABELS, VISIT_METHOD_LABELS)
from ..web.templating import template_names

bp = Blueprint("service", __name__, url_prefix="/service")
declare(bp, LOGGED_IN)


template_names(bp, SERVICE_URGENCY_LABELS=URGENCY_LABELS, SITUATION_LABELS=SITUATION_LABELS,
               SERVICE_CATEGORY_LABELS=CATEGORY_LABELS, CHANNEL_LABELS=CHANNEL_LABELS,
               FAULT_LABELS=FAULT_LABELS, CONTACT_OUTCOME_LABELS=OUTCOME_LABELS, ENTRY_LABELS=ENTRY_LABELS,
               SATISFACTION_LABELS=SATISFACTION_LABELS, VISIT_METHOD_LABELS=VISIT_METHOD_LABELS,
               TICKET_EVENT_LABELS=TICKET_EVENT_LABELS, TRACK_STEP_LABELS=TRACK_STEP_LABELS)


# --- the first-contact ledger (every employee) ------------------------------------------------------

@bp.get("/")
def index():
    return render_template("service/index.html", mine=queries.contacts_owned(current_user.id, current_user.department_id),
                           departments=staff_queries.department_options(), desk=current_user.has_role("customer_service"),
                           latest=queries.latest_contacts() if current_user.has_role("customer_service") else [])


def _contact_page(form: ContactForm, status: int = 200):
    return render_template("service/contact_new.html", form=form), status


@bp.route("/contacts/new", methods=["GET", "POST"])
def contact_new():
    form = ContactForm(request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        return _contact_page(form, 200 if request.method == "GET" else 422)
    household = queries.household(form.household_id.data) if form.household_id.data else None
    operations.log_contact(current_user.id, utcnow(), channel=form.channel.data, name=form.name.data,
                           phone=form.phone.data or "", address=form.address.data or (household.address if household else ""),
                           household_id=household.id if household else None, matter=form.matter.data)
    flash(_("Logged. It is yours until you answer it or someone accepts it."), "success")
    return redirect(url_for("service.index"))


def _own_contact(contact_id: int):
    found = queries.contact(contact_id) or abort(404)
    if rules.contact_owner(found.receiver_id, found.accepted_by_id) != current_user.id:
        abort(403)
    return found


@bp.post("/contacts/<int:contact_id>/answered")
def contact_answered(contact_id: int):
    _own_contact(contact_id)
    told = clean_text(request.form.get("told_missing") or "")[:1000]
    outcome = "told_missing" if told else "answered"
    if operations.close_contact(contact_id, outcome, told):
        flash(_("Recorded: told everything missing at once.") if told else _("Recorded as answered."), "success")
    else:
        flash(_("This was dealt with meanwhile."), "error")
    return redirect(url_for("service.index"))


@bp.post("/contacts/<int:contact_id>/pass")
def contact_pass(contact_id: int):
    _own_contact(contact_id)
    department_id = request.form.get("department_id", type=int)
    if department_id not in {d.id for d in staff_queries.departments()}:
        flash(_("Choose the department responsible."), "error")
    elif operations.pass_contact(contact_id, department_id, utcnow()):
        flash(_("Passed on. It stays yours until someone there accepts it."), "success")
    else:
        flash(_("This was dealt with meanwhile."), "error")
    return redirect(url_for("service.index"))


@bp.post("/contacts/<int:contact_id>/accept")
def contact_accept(contact_id: int):
    found = queries.contact(contact_id) or abort(404)
    if found.passed_to_id != current_user.department_id:
        abort(403)
    ok = operations.accept_contact(contact_id, current_user.id, utcnow())
    flash(_("Accepted: it is yours now.") if ok else _("Someone accepted it already."), "success" if ok else "error")
    return redirect(url_for("service.index"))


# --- households -------------------------------------------------------------------------------------

@bp.get("/households")
@allow(BOARD_READERS)
def household_search():
    q = request.args.get("q", "").strip()[:40]
    return htmx.render("service/households.html", "service/_household_rows.html", q=q,
                       rows=queries.households(q) if q else [])


@bp.get("/households/<int:household_id>")
@allow(BOARD_READERS)
def household(household_id: int):
    found = queries.household(household_id) or abort(404)
    return render_template("service/household.html", household=found, **queries.history_of(found.id),
                           measurements=queries_temperature.of_household(found.id),
                           may_measure=MEASURERS.allows(current_user))


# --- tickets -------------------------------------------------------------------------------------------

def _ticket_form(formdata=None, contact=None, report=None) -> TicketForm:
    form = TicketForm(formdata=formdata)
    form.branch_id.choices = [SelectChoice(0, _("Not sent yet"))] + [SelectChoice(b.id, b.name) for b in queries.branches()]
    if formdata is None and report is not None:        # a resident's web report, called back
        form.received_at.data = to_local(utcnow()).replace(tzinfo=None, second=0, microsecond=0)
        form.caller.data, form.phone.data, form.address.data = report.name, report.phone, report.address
        form.situation.data, form.description.data = report.situation, report.text
    elif formdata is None:
        form.received_at.data = to_local(contact.received_at if contact else utcnow()).replace(tzinfo=None, second=0,
                                                                                                  microsecond=0)
        if contact:
            form.caller.data, form.phone.data, form.address.data = contact.name, contact.phone, contact.address
            form.household_id.data, form.description.data = contact.household_id, contact.matter
            if contact.household and contact.household.branch_id:
                form.branch_id.data = contact.household.branch_id
    return form


@bp.route("/tickets/new", methods=["GET", "POST"])
@allow(DESK)
def ticket_new():
    contact_id, report_id = int_arg("contact"), int_arg("web")
    contact = queries.contact(contact_id) if contact_id else None
    report = queries.web_report(report_id) if report_id else None
    form = _ticket_form(request.form if request.method == "POST" else None, contact, report)
    if request.method == "GET" or not form.validate():
        return (render_template("service/ticket_new.html", form=form, contact=contact, report=report),
                200 if request.method == "GET" else 422)
    ticket = operations.open_ticket(
        current_user.id, local_to_utc(form.received_at.data), form.category.data, form.situation.data, form.fault.data,
        contact_id=contact.id if contact else None, web_report_id=report.id if report and not report.ticket_id else None,
        caller=form.caller.data or "", phone=form.phone.data or "",
        address=form.address.data, household_id=form.household_id.data or None, branch_id=form.branch_id.data or None,
        description=form.description.data or "")
    flash(_("Ticket %(no)s: on site by %(time)s.", no=ticket.id, time=to_local(ticket.promised_by).strftime("%m-%d %H:%M")),
          "success")
    return redirect(url_for("service.ticket", ticket_id=ticket.id))


def _board_context() -> dict:
    now = utcnow()
    branch = own_branch(current_user)
    # nobody on site yet first, the nearest limit first; then those on site
    tickets = sorted(queries.open_tickets(branch), key=lambda t: (t.arrived_at is not None, t.promised_by))
    rows = [(t, rules.minutes_left(t.promised_by, now) if t.arrived_at is None else None,
             rules.minutes_left(t.clear_by, now) if t.clear_by and t.cleared_at is None else None,
             t.arrived_at is None and rules.warning_due(t.promised_by, t.urgency, now)) for t in tickets]
    return {"rows": rows, "now": now, "kiosk": request.args.get("kiosk") == "1",
            "web_reports": queries.web_reports_waiting() if DESK.allows(current_user) else []}


@bp.get("/tickets")
@allow(BOARD_READERS)
def board():
    return htmx.render("service/board.html", "service/_board.html", **_board_context())


@bp.get("/tickets/<int:ticket_id>")
@allow(BOARD_READERS)
def ticket(ticket_id: int):
    found = queries.ticket(ticket_id) or abort(404)
    return render_template("service/ticket.html", ticket=found, now=utcnow(), may_work=_may_work(found),
                           history=queries.ticket_history(found.id), visit=queries.visit_of_ticket(found.id) if found.cleared_at else None,
                           desk=current_user.has_role("customer_service"))


def _may_work(found) -> bool:
    return current_user.has_role("customer_service") or (found.branch_id is not None
                                                          and found.branch_id == current_user.department_id)


@bp.post("/tickets/<int:ticket_id>/arrived")
@allow(BOARD_READERS)
def ticket_arrived(ticket_id: int):
    found = queries.ticket(ticket_id) or abort(404)
    if not _may_work(found):
        abort(403)
    ok = operations.ticket_arrived(ticket_id, current_user.id, utcnow())
    flash(_("Arrival on site recorded.") if ok else _("Arrival was recorded already."), "success" if ok else "error")
    return redirect(url_for("service.ticket", ticket_id=ticket_id))


@bp.post("/tickets/<int:ticket_id>/cleared")
@allow(BOARD_READERS)
def ticket_cleared(ticket_id: int):
    found = queries.ticket(ticket_id) or abort(404)
    if not _may_work(found):
        abort(403)
    result = clean_text(request.form.get("result") or "")[:2000]
    if not result:
        flash(_("Say what was done."), "error")
    elif operations.ticket_cleared(ticket_id, current_user.id, utcnow(), result):
        flash(_("Cleared."), "success")
    else:
        flash(_("It was cleared already."), "error")
    return redirect(url_for("service.ticket", ticket_id=ticket_id))


# --- complaints ---------------------------------------------------------------------------------------

@bp.route("/complaints/new", methods=["GET", "POST"])
@allow(DESK)
def complaint_new():
    contact_id = int_arg("contact")
    contact = queries.contact(contact_id) if contact_id else None
    form = ComplaintForm(request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.received_at.data = to_local(contact.received_at if contact else utcnow()).replace(tzinfo=None, second=0,
                                                                                                  microsecond=0)
        if contact:
            form.name.data, form.phone.data, form.address.data = contact.name, contact.phone, contact.address
            form.household_id.data, form.content.data, form.source.data = contact.household_id, contact.matter, contact.channel
    if request.method == "GET" or not form.validate():
        return render_template("service/complaint_new.html", form=form, contact=contact), 200 if request.method == "GET" else 422
    complaint = operations.receive_complaint(
        current_user.id, contact_id=contact.id if contact else None, received_at=local_to_utc(form.received_at.data),
        name=form.name.data, phone=form.phone.data, address=form.address.data, household_id=form.household_id.data or None,
        source=form.source.data, category=form.category.data, content=form.content.data)
    flash(_("Complaint %(no)s recorded; it is yours until closed.", no=complaint.id), "success")
    return redirect(url_for("service.complaint", complaint_id=complaint.id))


@bp.get("/complaints")
@allow(DESK_READERS)
def complaint_list():
    rows = [(c, rules.complaint_state([(e.id, e.kind, e.owner_id, e.corrects_id) for e in c.entries]))
            for c in queries.complaints()]
    return render_template("service/complaints.html", rows=rows)


@bp.get("/complaints/<int:complaint_id>")
@allow(DESK_READERS)
def complaint(complaint_id: int):
    found = queries.complaint(complaint_id) or abort(404)
    state = rules.complaint_state([(e.id, e.kind, e.owner_id, e.corrects_id) for e in found.entries])
    return render_template("service/complaint.html", complaint=found, state=state, may_close=rules.may_close(state),
                           desk=current_user.has_role("customer_service"),
                           people=staff_queries.people_for_choice() if current_user.has_role("customer_service") else [])


@bp.post("/complaints/<int:complaint_id>/entries")
@allow(DESK)
def complaint_entry(complaint_id: int):
    found = queries.complaint(complaint_id) or abort(404)
    state = rules.complaint_state([(e.id, e.kind, e.owner_id, e.corrects_id) for e in found.entries])
    kind = request.form.get("kind", "")
    text = clean_text(request.form.get("text") or "")[:2000]
    owner_id, corrects_id = int_form("owner_id"), int_form("corrects_id")
    problem = rules.entry_problem(state, kind, text, owner_id in {p[0] for p in staff_queries.people_for_choice()},
                                  corrects_id in {e.id for e in found.entries})
    if problem:
        flash(str(ENTRY_PROBLEMS[problem]), "error")
    else:
        operations.add_entry(complaint_id, kind, current_user.id, utcnow(), text=text,
                             owner_id=owner_id if kind == rules.OWNER else None,
                             corrects_id=corrects_id if kind == rules.CORRECTION else None)
        flash(_("Added to the complaint’s record."), "success")
    return redirect(url_for("service.complaint", complaint_id=complaint_id))


# --- return visits (regulation 8) ------------------------------------------------------------------------

def _since():
    return utcnow() - timedelta(days=VISIT_WINDOW_DAYS)


VISIT_WINDOW_DAYS = 30
VISIT_QUEUE_SHOWN = 10   # the oldest first; the next ones come up as these are called back
VISITS_SHOWN = 20        # the latest visits under the queue (the reports count them all)


@bp.get("/visits")
@allow(DESK_READERS)
def visits():
    since = _since()
    complaints, tickets, waiting = queries.visit_queue(since, VISIT_QUEUE_SHOWN)
    visited, handled = queries.coverage_counts(since)
    quota = current_app.config["SERVICE_VISITS_PER_OPERATOR_DAY"]
    today = queries.visits_per_operator(*_utc_bounds(local_today(), local_today()))
    mine = next((done for person, _name, done in today if person == current_user.id), 0)
    done, done_total = queries.latest_visits(since, VISITS_SHOWN)
    return render_template("service/visits.html", complaints=complaints, tickets=tickets, waiting=waiting,
                           done=done, done_total=done_total, window_days=VISIT_WINDOW_DAYS,
                           coverage=rules.coverage(visited, handled), visited=visited, handled=handled,
                           desk=current_user.has_role("customer_service"), situations=situation_choices()[1:],
                           quota=rules.quota_state(mine, quota),
                           operators=[(name, rules.quota_state(done, quota)) for _id, name, done in today])


@bp.post("/visits")
@allow(DESK)
def visit_record():
    complaint = queries.complaint(int_form("complaint_id") or 0) if int_form("complaint_id") else None
    ticket = queries.ticket(int_form("ticket_id") or 0) if int_form("ticket_id") else None
    if (complaint is None) == (ticket is None):
        abort(404)
    method, satisfaction = request.form.get("method", ""), request.form.get("satisfaction", "")
    in_time, matches = request.form.get("in_time") == "y", request.form.get("matches_record") == "y"
    note = clean_text(request.form.get("note") or "")[:1000]
    situation = request.form.get("situation") or None
    back = rules.sent_back(satisfaction, in_time, matches)
    if method not in rules.VISIT_METHODS or satisfaction not in rules.SATISFACTION:
        flash(_("Say how the resident was reached and how satisfied they are."), "error")
    elif back and not note:
        flash(_("Say what is wrong, for the department that handles it again."), "error")
    elif back and complaint is not None and situation not in rules.SITUATIONS:
        flash(_("Choose the situation the department handles again."), "error")
    else:
        visit = operations.record_visit(current_user.id, utcnow(), complaint, ticket, method, satisfaction, in_time,
                                        matches, note, situation)
        if visit is None:
            flash(_("This was visited already."), "error")
        elif visit.reopened_ticket_id:
            flash(_("Recorded; sent back to the department as ticket %(no)s.", no=visit.reopened_ticket_id), "warning")
        else:
            flash(_("Return visit recorded."), "success")
    if ticket is not None and request.form.get("back") == "ticket":      # recorded from the ticket's own page
        return redirect(url_for("service.ticket", ticket_id=ticket.id))
    return redirect(url_for("service.visits"))


# --- one-stop connection applications (regulations 6 and 13) -----------------------------------------------

CONNECTION_READERS = either(DESK, LEADERS, rank("department_head", "branch_manager"))


def _connection_rows(applications):
    today, calendar = local_today(), working_calendar()
    return [(a, rules.connection_state(x.state for x in a.approvals),
             rules.working_days_left(today, a.answer_by, calendar)) for a in applications]


@bp.get("/connections")
@allow(CONNECTION_READERS)
def connections():
    contact_id = int_arg("contact")                  # a call or visit at the counter, made an application
    return render_template("service/connections.html", rows=_connection_rows(queries.applications()),
                           contact=queries.contact(contact_id) if contact_id else None,
                           desk=current_user.has_role("customer_service"),
                           people=staff_queries.people_for_choice() if current_user.has_role("customer_service") else [])


@bp.post("/connections")
@allow(DESK)
def connection_new():
    applicant = clean_line(request.form.get("applicant") or "")[:60]
    phone = clean_line(request.form.get("phone") or "")[:40]
    address = clean_line(request.form.get("address") or "")[:120]
    if not (applicant and phone and address):
        flash(_("Name, phone and address of the applicant are needed."), "error")
        return redirect(url_for("service.connections"))
    today = local_today()
    departments = queries.approving_departments(current_app.config["SERVICE_CONNECTION_DEPARTMENTS"])
    guide, contact_id = int_form("guide_id"), int_form("contact_id")
    contact = queries.contact(contact_id) if contact_id else None
    application = operations.accept_application(
        current_user.id, today, rules.answer_deadline(today, working_calendar()), [d.id for d in departments],
        contact_id=contact.id if contact else None,
        applicant=applicant, phone=phone, address=address,
        guide_id=guide if guide in {p[0] for p in staff_queries.people_for_choice()} else None,
        appointment=clean_line(request.form.get("appointment") or "")[:120])
    flash(_("Application %(no)s accepted; answer due by %(day)s.", no=application.id,
            day=application.answer_by.strftime("%Y-%m-%d")), "success")
    return redirect(url_for("service.connection", application_id=application.id))


@bp.get("/connections/<int:application_id>")
@allow(CONNECTION_READERS)
def connection(application_id: int):
    found = queries.application(application_id) or abort(404)
    acting = presence_queries.acting_for(current_user.id, utcnow())
    (row,) = _connection_rows([found])
    return render_template("service/connection.html", application=found, state=row[1], days_left=row[2],
                           mine={a.id for a in found.approvals if a.department.head_id in acting},
                           desk=current_user.has_role("customer_service"))


@bp.post("/connections/approvals/<int:approval_id>/decide")
@allow(CONNECTION_READERS)
def connection_decide(approval_id: int):
    approval = queries.connection_approval(approval_id) or abort(404)
    head = approval.department.head_id
    if head not in presence_queries.acting_for(current_user.id, utcnow()):
        abort(403)
    outcome, note, problem = approval_web.read_decision()
    message, status = None, 200
    if problem:
        status = 422
    elif not operations.decide_connection(approval_id, outcome, current_user.id, head, note):
        problem, status = approval_web.already_decided(operations.CONNECTION_SUBJECT, approval_id, approval.state), 409
    else:
        message = approval_web.success_message(outcome, approval.application.applicant)
    return htmx.respond("service/_connection_approval.html", status=status, message=problem or message,
                        redirect_to=url_for("service.connection", application_id=approval.application_id),
                        approval=queries.connection_approval(approval_id), error=problem, note=note if problem else "",
                        category=approval_web.message_category(outcome) if message else None)


@bp.post("/connections/<int:application_id>/answer")
@allow(DESK)
def connection_answer(application_id: int):
    found = queries.application(application_id) or abort(404)
    state = rules.connection_state(a.state for a in found.approvals)
    answer = clean_text(request.form.get("answer") or "")[:2000]
    charge = request.form.get("charge_yuan", "").strip()
    try:
        charge_yuan = Decimal(charge) if charge else None
    except ArithmeticError:
        charge_yuan = Decimal(-1)
    if state == "pending":
        flash(_("Every department decides first."), "error")
    elif not answer or (charge_yuan is not None and not Decimal(0) <= charge_yuan < Decimal(10_000_000)):
        flash(_("Write the answer; the charge, if any, as a sum in yuan."), "error")
    elif operations.answer_application(application_id, answer, local_today(), charge_yuan):
        flash(_("The applicant is answered."), "success")
    else:
        flash(_("This was answered already."), "error")
    return redirect(url_for("service.connection", application_id=application_id))


# --- the weekly summary for the manager in charge, the half-monthly report for the GM (regulation 8 二、4) --------

def _period():
    """The span asked for (?span=week, else the half month) and its dates (?day=YYYY-MM-DD, any
    day in it), else the last whole one before today's."""
    span = rules.report_span(request.args.get("span", ""))
    today = local_today()
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    if day is None or abs((day - today).days) > 3660:     # absent, malformed or decades away: the last one
        return (span, *rules.last_period(span, today))
    return (span, *rules.report_period(span, day))


def _utc_bounds(first, last):
    return local_to_utc(datetime.combine(first, time())), local_to_utc(datetime.combine(last + timedelta(days=1), time()))


def _report_facts(span, first, last) -> dict:
    starts, ends = _utc_bounds(first, last)
    figures = queries.period_figures(starts, ends)
    by_category = queries.visits_by_category(starts, ends)
    return {"span": span, "first": first, "last": last, "f": figures,
            "in_time_share": rules.share(figures["in_time"], figures["arrived"]),
            "told_share": rules.share(figures["told"], figures["closed"]),
            "coverage": rules.share(min(figures["complaint_visits"], figures["closed"]), figures["closed"]),
            "categories": rules.visits_by_category(by_category["visits"], by_category["closed"]),
            "operators": queries.visits_per_operator(starts, ends),
            "VISIT_CATEGORY_LABELS": reports.VISIT_CATEGORY_LABELS,
            "span_arg": span if span == rules.WEEK else None,     # the half month is the default: no argument
            "previous": (first - timedelta(days=1)).isoformat(), "following": (last + timedelta(days=1)).isoformat()}


def _report_name(facts, suffix: str) -> str:
    name = "客服周报" if facts["span"] == rules.WEEK else "客服半月报"
    return f"{name}-{facts['first']:%Y-%m-%d}.{suffix}"


@bp.get("/report")
@allow(DESK_READERS)
def report():
    return render_template("service/report.html", **_report_facts(*_period()))


@bp.get("/report.pdf")
@allow(DESK_READERS)
def report_pdf():
    facts = _report_facts(*_period())
    with force_locale("zh_CN"):              # a report to the manager or the GM: always in Chinese
        html = render_template("service/report_pdf.html", **facts)
    key = "service-" + hashlib.sha256(html.encode()).hexdigest()[:32]
    path = pdf.cached(key, lambda: pdf.render(html, ("hygiene-notice.css",)))
    return pdf.send(path, _report_name(facts, "pdf"), etag=path.stem)


@bp.get("/report.xlsx")
@allow(DESK_READERS)
def report_xlsx():
    span, first, last = _period()
    facts = _report_facts(span, first, last)
    with force_locale("zh_CN"):              # a paper of the company: always in Chinese
        data = reports.report_workbook(current_app.config["COMPANY_NAME"], facts,
                                       queries.period_visits(*_utc_bounds(first, last)))
    response = make_response(data)
    response.mimetype = XLSX_MIMETYPE
    response.headers["Content-Disposition"] = (
        f"attachment; filename=service-{span}-{first:%Y-%m-%d}.xlsx; filename*=UTF-8''{quote(_report_name(facts, 'xlsx'))}")
    return response

"""Access matrix rows of the customer-service desk: any employee logs a first contact and owns
it; customer service works the desk; the leaders read it; a branch sees the board and works its
own tickets."""

from sqlalchemy import select

from portal.extensions import db
from portal.service.models import (ColdFile, Complaint, ConnectionApplication, ConnectionApproval, Contact, Household, Measurement,
                                   PlannedMeasurement, Ticket)
from portal.staff.models import Department, Employee
from tests.roles import HEADS, LOGGED_IN

DESK = {"cs", "cs-head"}
LEADERS = {"gm", "deputy"}
BOARD = DESK | LEADERS | {"branch-mgr"}
MEASURERS = DESK | {"branch-mgr"}
TEMPERATURE = BOARD | {"office", "office-head"}

MATRIX = [
    ("GET", "/service/", LOGGED_IN),
    ("GET", "/service/contacts/new", LOGGED_IN),
    ("POST", "/service/contacts/new", LOGGED_IN),                       # empty: the form again
    # the demo's visit 林静 (staff) received and passed to 投资发展部, not yet accepted
    ("POST", "/service/contacts/{passed_contact}/pass", {"staff"}),      # no department: nothing changes
    ("POST", "/service/contacts/{passed_contact}/answered", {"staff"}),
    # last: accepting makes whoever accepts it the owner
    ("POST", "/service/contacts/{passed_contact}/accept", {"invest-head", "staff"}),
    ("GET", "/service/households", BOARD),
    ("GET", "/service/households?q=和平", BOARD),
    ("GET", "/service/households/{household}", BOARD),
    ("GET", "/service/temperatures/", TEMPERATURE),
    ("GET", "/service/temperatures/new", MEASURERS),
    ("GET", "/service/temperatures/new?household={household}", MEASURERS),
    ("POST", "/service/temperatures/judge", MEASURERS),                  # nothing filled: nothing to judge
    ("POST", "/service/temperatures/new", MEASURERS),                    # empty: the form again, nothing stored
    ("GET", "/service/temperatures/{measurement}", TEMPERATURE),
    ("GET", "/service/temperatures/{measurement}.pdf", TEMPERATURE),
    ("GET", "/service/temperatures/{measurement}/signature.png", TEMPERATURE),   # the demo's: none drawn, 404
    ("POST", "/service/temperatures/{measurement}/check", {"office", "office-head"}),   # nothing said: nothing kept
    ("GET", "/service/temperatures/summary", TEMPERATURE),
    ("GET", "/service/temperatures/plan", TEMPERATURE),
    ("GET", "/service/temperatures/plan?q=和平", TEMPERATURE),
    ("POST", "/service/temperatures/plan", MEASURERS),                   # no household: nothing planned
    ("POST", "/service/temperatures/plan/{plan}/remove", MEASURERS),
    ("POST", "/service/temperatures/plan/cold", MEASURERS),
    ("GET", "/service/temperatures/files", TEMPERATURE),
    ("GET", "/service/temperatures/figures", {"office", "office-head"}),
    ("POST", "/service/temperatures/figures", {"office", "office-head"}),     # nothing entered: nothing kept
    ("GET", "/service/temperatures/files/{cold_file}", TEMPERATURE),
    ("POST", "/service/temperatures/files/{cold_file}/close", DESK),     # no result written: stays open
    ("GET", "/service/temperatures/summary.pdf", TEMPERATURE),
    ("GET", "/service/temperatures/summary.xlsx", TEMPERATURE),
    ("GET", "/service/tickets", BOARD),
    ("GET", "/service/tickets?kiosk=1", BOARD),
    ("GET", "/service/tickets/new", DESK),
    ("POST", "/service/tickets/new", DESK),                              # empty: the form again
    ("GET", "/service/tickets/{other_branch_ticket}", BOARD),
    # cleared already, of a branch other than the demo branch manager's: the desk is told so
    ("POST", "/service/tickets/{other_branch_ticket}/arrived", DESK),
    ("POST", "/service/tickets/{other_branch_ticket}/cleared", DESK),
    ("GET", "/service/complaints", DESK | LEADERS),
    ("GET", "/service/complaints/new", DESK),
    ("POST", "/service/complaints/new", DESK),                           # empty: the form again
    ("GET", "/service/complaints/{complaint}", DESK | LEADERS),
    ("POST", "/service/complaints/{complaint}/entries", DESK),           # nothing chosen: nothing added
    ("GET", "/service/visits", DESK | LEADERS),
    ("POST", "/service/visits", DESK),                                   # no case named: 404, nothing recorded
    ("GET", "/service/connections", DESK | LEADERS | HEADS),
    ("POST", "/service/connections", DESK),                              # empty: told what is missing
    ("GET", "/service/connections/{application}", DESK | LEADERS | HEADS),
    ("POST", "/service/connections/{application}/answer", DESK),         # still pending: nothing answered
    ("GET", "/service/report", DESK | LEADERS),
    ("GET", "/service/report?day=2026-11-01", DESK | LEADERS),
    ("GET", "/service/report.pdf", DESK | LEADERS),
    ("GET", "/service/report?span=week", DESK | LEADERS),
    ("GET", "/service/report?span=week&day=2026-11-04", DESK | LEADERS),
    ("GET", "/service/report.pdf?span=week", DESK | LEADERS),
    ("GET", "/service/report.xlsx", DESK | LEADERS),
    ("GET", "/service/report.xlsx?span=week&day=2026-11-04", DESK | LEADERS),
    # 投资发展部's part: its head decides (no outcome chosen: nothing decided)
    ("POST", "/service/connections/approvals/{invest_approval}/decide", {"invest-head"}),
]


def ids(app) -> dict:
    with app.app_context():
        branch_of_manager = db.session.scalar(select(Employee.department_id).where(Employee.username == "branch-mgr"))
        return {"passed_contact": db.session.scalar(select(Contact.id).where(Contact.passed_to_id.is_not(None))),
                "household": db.session.scalar(select(Household.id).order_by(Household.id).limit(1)),
                "other_branch_ticket": db.session.scalar(select(Ticket.id).where(
                    Ticket.cleared_at.is_not(None), Ticket.branch_id != branch_of_manager).limit(1)),
                "complaint": db.session.scalar(select(Complaint.id).order_by(Complaint.id).limit(1)),
                "measurement": db.session.scalar(select(Measurement.id).order_by(Measurement.id).limit(1)),
                "plan": db.session.scalar(select(PlannedMeasurement.id).order_by(PlannedMeasurement.id).limit(1)) or 10**6,
                "cold_file": db.session.scalar(select(ColdFile.id).where(ColdFile.closed_at.is_(None)).limit(1)),
                "application": db.session.scalar(select(ConnectionApplication.id).where(
                    ConnectionApplication.answered_on.is_(None))),
                "invest_approval": db.session.scalar(select(ConnectionApproval.id).join(
                    Department, Department.id == ConnectionApproval.department_id).where(
                    Department.name == "投资发展部", ConnectionApproval.state == "pending"))}

"""Access matrix rows of the absence area (regulation 7): board, notices, cards, presence
checks, return times, the lobby screen switch; the public lobby screen (404 while off) and
status page."""

from sqlalchemy import select

from portal.absence.models import LeavePostNotice, PresenceCheck
from portal.extensions import db
from portal.staff.models import Employee
from tests.roles import ADMIN, EVERYONE, LOGGED_IN, OFFICE

MATRIX = [
    ("GET", "/absence/", LOGGED_IN),
    ("GET", "/absence/?q=tx&dept={department}", LOGGED_IN),
    ("GET", "/absence/new", LOGGED_IN),
    ("GET", "/absence/approvals", LOGGED_IN),
    ("GET", "/absence/{notice}", LOGGED_IN),
    ("GET", "/absence/{notice}/card", LOGGED_IN),
    ("GET", "/absence/{notice}/card.pdf", LOGGED_IN),
    ("GET", "/absence/cards.pdf", OFFICE),
    ("GET", "/absence/settings", ADMIN),
    ("GET", "/absence/kiosk", EVERYONE),              # 404 unless the administrator turned it on
    ("GET", "/absence/status/{status_token}", EVERYONE),
    ("POST", "/absence/new", LOGGED_IN),              # empty: the form again, nothing filed
    ("POST", "/absence/{pending_notice}/decide", {"invest-head"}),   # 宋建明's approver
    # the office or the person's head (宋建明's: invest-head); empty: the form again, nothing recorded
    ("POST", "/absence/{pending_notice}/return-time", {"office", "office-head", "invest-head"}),
    ("POST", "/absence/{pending_notice}/return", {"office", "office-head", "invest-head"}),
    ("POST", "/absence/presence/{employee}", OFFICE),  # no finding given: nothing recorded
    ("POST", "/absence/checks/{presence_check}/undo", OFFICE),   # the demo's finding: past the minute, refused
    ("POST", "/absence/settings", ADMIN),
]


def ids(app) -> dict:
    def notice_of(name):
        return db.session.scalar(select(LeavePostNotice).join(LeavePostNotice.employee)
                                 .where(Employee.name == name).order_by(LeavePostNotice.id).limit(1))
    with app.app_context():
        out, pending = notice_of("唐雪"), notice_of("宋建明")
        return {"notice": out.id, "status_token": out.status_token, "pending_notice": pending.id,
                "presence_check": db.session.scalar(select(PresenceCheck.id).order_by(PresenceCheck.id).limit(1))}

"""The leave requests' items on the home page: requests waiting for the user's decision
(urgent), and leave not reported back in time (for the approver and for the office)."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home import decisions
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..clock import utcnow
from . import routing


@provider(decides=True)
def leave_waiting(user) -> list[Waiting]:
    return [Waiting(_l("Leave requests waiting for your approval"), routing.waiting_count(user.id, utcnow()),
                    url_for("home.decisions") + "#leave", urgent=True)]


@provider
def leave_not_reported_back(user) -> list[Waiting]:
    overdue = routing.overdue_count(user)
    return [Waiting(_l("Leave not reported back in time"), overdue, url_for("leave.inbox") + "#overdue")] if overdue else []


@decision_source
def leave_decisions(user) -> list[Section]:
    rows, total = routing.first_waiting(user.id, utcnow(), decisions.SHOWN)
    return [Section("leave", _l("Leave requests"), "leave/_decisions_requests.html", rows, url_for("leave.inbox"),
                    ("leave-requests",), total)]

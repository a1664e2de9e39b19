"""The leave requests' items on the home page: requests waiting for the user's decision
(urgent), and leave not reported back in time (for the approver and for the office)."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home.panels import Waiting, provider
from ..clock import utcnow
from . import routing


@provider
def leave_waiting(user) -> list[Waiting]:
    items = [Waiting(_l("Leave requests waiting for your approval"), routing.waiting_count(user.id, utcnow()),
                     url_for("leave.inbox"), urgent=True)]
    overdue = routing.overdue_count(user)
    if overdue:
        items.append(Waiting(_l("Leave not reported back in time"), overdue, url_for("leave.inbox") + "#overdue"))
    return items

"""The leave requests' items on the home page: requests waiting for the user's decision
(urgent), and leave not reported back in time (for the approver and for the office)."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home.panels import Waiting, provider
from ..clock import utcnow
from . import routing


@provider
def leave_waiting(user) -> list[Waiting]:
    rows, _route = routing.waiting_for(user.id, utcnow())
    items = [Waiting(_l("Leave requests waiting for your approval"), len(rows), url_for("leave.inbox"), urgent=True)]
    overdue = routing.overdue_for(user)
    if overdue:
        items.append(Waiting(_l("Leave not reported back in time"), len(overdue), url_for("leave.inbox") + "#overdue"))
    return items

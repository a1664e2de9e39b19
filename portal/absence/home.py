"""The absence area's items on the home page: notices waiting for the user's decision
(urgent), and for the office the people overdue from a notice."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..clock import utcnow
from ..presence import queries as presence_queries
from . import queries, rules


@provider(decides=True)
def notices_waiting(user) -> list[Waiting]:
    return [Waiting(_l("Leave-post notices waiting for your approval"), queries.pending_count_query(user.id),
                    url_for("home.decisions") + "#notices", urgent=True)]


@provider
def overdue_from_notices(user) -> list[Waiting]:
    if not user.has_role("office"):
        return []
    now = utcnow()
    grace = float(current_app.config.get("PORTAL_RETURN_GRACE_MINUTES", rules.RETURN_GRACE_MINUTES))
    overdue = [person for person, back in presence_queries.away(now).expected_back.items()
               if rules.return_status(back, None, now, grace) == rules.OVERDUE]
    return [Waiting(_l("People overdue from a leave-post notice"), len(overdue),
                    url_for("absence.board", show=rules.SHOW_OVERDUE), urgent=bool(overdue))]


@decision_source
def notice_decisions(user) -> list[Section]:
    return [Section("notices", _l("Leave-post notices"), "absence/_decisions.html", queries.pending_for(user.id),
                    url_for("absence.approvals"), ("absence",))]

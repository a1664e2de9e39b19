"""The register's items on the home page: absence alarms and spot checks that contradict a
head's record, for the GM and the deputy managers (their departments); conflicts also for
inspection/labour."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..home.panels import Waiting, provider
from ..clock import local_today
from . import queries_register as queries
from . import rules


@provider
def register_alarms(user) -> list[Waiting]:
    leader = user.rank in rules.LEADER_RANKS
    if not (leader or rules.can_record_spot_check(user.role_set)):
        return []
    today = local_today()
    items = []
    if leader:
        lists = queries.alarm_lists(user, today)
        reached = {item[0].id for groups in lists.values() for item in groups["reached"]}
        items.append(Waiting(_l("Absence alarms (30 days in 3 months, 60 in 6)"), len(reached),
                             url_for("leave.alarms"), urgent=bool(reached)))
    conflicts = sum(1 for row in queries.spot_check_rows(user, today) if row["conflict"])
    items.append(Waiting(_l("Spot checks contradicting the register"), conflicts,
                         url_for("leave.spot_checks", conflicts=1)))
    return items

"""The register's items on the home page, for those who must act: register conflicts to decide
on /decisions (a head's entry against a 旷工 found by the office or a spot check: the GM and the
deputy manager in charge; leave approved over a 旷工: its approver and the office), absence
alarms waiting for their follow-up (the GM, the deputy managers for their departments, the
office and the head of the labour section), and spot checks that contradict a head's record
(inspection)."""

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l

from ..home import decisions, team
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..clock import local_today
from ..staff.rules import HEAD_RANKS
from ..workdays.queries import current as working_calendar
from . import queries_register as queries
from . import rules


@provider(decides=True)
def head_conflicts_waiting(user) -> list[Waiting]:
    """The GM and the deputy managers decide a head's entry against a 旷工 (on /decisions)."""
    if user.rank not in rules.LEADER_RANKS:
        return []
    heads, _leave = queries.conflict_counts(user, local_today())
    return [Waiting(_l("Register conflicts: a head's entry against absence without leave"), heads,
                    url_for("home.decisions") + "#conflicts", urgent=heads)]


@decision_source
def head_conflict_decisions(user) -> list[Section]:
    rows, total = queries.head_conflicts_to_decide(user, decisions.SHOWN)
    return [Section("conflicts", _l("Register conflicts"), "leave/_decisions_conflicts.html", rows,
                    url_for("leave.conflicts"), ("leave-register",), total)]


def _resolves_leave_conflicts(user) -> bool:
    """Leave approved over a 旷工 is resolved by its approver (a head or a leader, or whoever
    stood in for them) and the office; others are not asked."""
    return user.has_role("office") or user.rank in HEAD_RANKS or user.rank in rules.LEADER_RANKS


@provider(decides=True)
def leave_conflicts_waiting(user) -> list[Waiting]:
    if not _resolves_leave_conflicts(user):
        return []
    _heads, leave = queries.conflict_counts(user, local_today())
    return [Waiting(_l("Leave approved over absence without leave: to resolve"), leave,
                    url_for("home.decisions") + "#leave-conflicts", urgent=leave)]


@decision_source
def leave_conflict_decisions(user) -> list[Section]:
    if not _resolves_leave_conflicts(user):
        return []
    rows, total = queries.leave_conflicts_to_resolve(user, local_today(), decisions.SHOWN)
    return [Section("leave-conflicts", _l("Leave approved over absence without leave"),
                    "leave/_decisions_leave_conflicts.html", rows, url_for("leave.conflicts"), ("leave-register",), total)]


@provider
def register_items(user) -> list[Waiting]:
    leader = user.rank in rules.LEADER_RANKS
    office = user.has_role("office")
    inspector = rules.can_record_spot_check(user.role_set)
    head = user.rank in HEAD_RANKS
    today = local_today()
    items = []
    labour = head and user.department.kind == rules.LABOUR_KIND   # the department comes with the login
    if leader or office or labour:       # the labour section through its head
        count = queries.open_alarm_count(user, today)
        items.append(Waiting(_l("Absence alarms waiting for their follow-up (30 days in 3 months, 60 in 6)"),
                             count, url_for("leave.alarms"), urgent=bool(count)))
    if inspector and not leader:
        conflicts = queries.spot_check_conflict_count(user, today)
        items.append(Waiting(_l("Spot checks contradicting the register"), conflicts,
                             url_for("leave.spot_checks", conflicts=1)))
    return items


@team.source(order=20)
def register_today(department, now_utc) -> list[team.Part]:
    """How far the head's register is kept today (a working day): one code per person a day."""
    today = local_today(now_utc)
    if not working_calendar().is_working_day(today):
        return []
    members, recorded = queries.recorded_on(department.id, today)
    missing = members - recorded
    value = (_("%(done)d recorded, %(missing)d not yet", done=recorded, missing=missing) if missing
             else _("all %(n)d recorded", n=members))
    return [team.Part(_l("Today's register"), value, url_for("leave.register"))]

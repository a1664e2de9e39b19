"""The absence area's items on the home page: notices waiting for the user's decision
(urgent), and for the office the people overdue from a notice."""

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l

from ..home import decisions, figures, team
from ..home.decisions import Section, source as decision_source
from ..home.panels import Waiting, provider
from ..clock import local_today, to_local, utcnow
from ..presence import queries as presence_queries
from ..web.access import either, role
from . import queries, rules
from .labels import FILTER_LABELS


@provider(decides=True)
def notices_waiting(user) -> list[Waiting]:
    return [Waiting(_l("Leave-post notices waiting for your approval"), queries.pending_count_query(user.id),
                    url_for("home.decisions") + "#notices", urgent=True)]


@provider
def overdue_from_notices(user) -> list[Waiting]:
    if not user.has_role("office"):
        return []
    now = utcnow()
    overdue = [person for person, back in presence_queries.away(now).expected_back.items()
               if rules.return_status(back, None, now, queries.grace_minutes()) == rules.OVERDUE]
    return [Waiting(_l("People overdue from a leave-post notice"), len(overdue),
                    url_for("absence.board", show=rules.SHOW_OVERDUE), urgent=bool(overdue))]


@decision_source
def notice_decisions(user) -> list[Section]:
    rows, total = queries.first_pending_for(user.id, decisions.SHOWN)
    return [Section("notices", _l("Leave-post notices"), "absence/_decisions.html", rows,
                    url_for("absence.approvals"), ("absence",), total)]


# What the board's summary says for the whole company, for the leadership and the office (which
# keeps the board): each figure opens the board on its filter.
PEOPLE_NOW = (rules.AT_POST, rules.SHOW_AWAY, rules.ON_LEAVE, rules.BUSINESS_TRIP, rules.ON_DUTY,
              rules.SHOW_OVERDUE, rules.AWAY_WITHOUT_NOTICE)
ALERTS = (rules.SHOW_OVERDUE, rules.AWAY_WITHOUT_NOTICE)


@figures.source(shown_to=either(figures.LEADERSHIP, role("office")), order=10)
def people_now() -> figures.Group:
    counts = queries.company_counts(utcnow())
    label = {**FILTER_LABELS, rules.SHOW_AWAY: _l("Away from the post")}   # a count, not "show only …"
    return figures.Group(_l("People now"), [
        figures.Figure(label[name], counts[name], url_for("absence.board", show=name), alert=name in ALERTS)
        for name in PEOPLE_NOW])


@team.source(order=10)
def away_in_department(department, now_utc) -> list[team.Part]:
    """Who of the head's department is away from the post now — on approved leave, or out on an
    approved notice (overdue back first, in red): who is away for every page (presence.away);
    the board, one click away, also shows trips, duty and notices still waiting."""
    facts = presence_queries.away(now_utc)
    grace = queries.grace_minutes()
    people = []
    for person, (_department, name) in sorted(((person, who) for person, who in facts.who.items()
                                               if who[0] == department.id), key=lambda item: item[1][1]):
        back = facts.expected_back.get(person)
        if back is None:
            people.append(team.Person(name, _("On leave")))
            continue
        overdue = rules.return_status(back, None, now_utc, grace) == rules.OVERDUE
        back = to_local(back)
        when = back.strftime("%H:%M" if back.date() == local_today(now_utc) else "%m-%d %H:%M")
        people.append(team.Person(name, _("out, overdue back since %(time)s", time=when) if overdue
                                  else _("out, back by %(time)s", time=when), overdue))
    people.sort(key=lambda p: not p.alert)
    overdue = sum(p.alert for p in people)
    value = (_("%(n)d people, %(late)d overdue back", n=len(people), late=overdue) if overdue
             else _("%(n)d people", n=len(people)))
    return [team.Part(_l("Away from the post now"), value, url_for("absence.board", dept=department.id),
                      alert=bool(overdue), people=tuple(people))]

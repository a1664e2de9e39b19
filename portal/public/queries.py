"""What the residents' commitments page reads: counts only, never a resident's details.

`season_counts` asks the whole heating season, month by month, in six statements whatever the
history holds (a month is a CASE over the record's time, so one GROUP BY gives every month).
`remembered` keeps what the page shows per worker process for a few minutes (FIGURES_SECONDS):
the page is public and may be asked often, and regulation 13's figures move slowly. A commit in
this process forgets it at once (as the shared fragments do, portal/web/fragments.py); another
worker's commit shows within FIGURES_SECONDS. `forget()` empties it (tests that change records
without committing through this process's session, or that want a cold page)."""

from datetime import date, datetime, time, timedelta
from typing import Callable, Hashable, TypeVar

from cachetools import TTLCache
from flask import current_app, has_app_context
from sqlalchemy import and_, case, event, exists, func, literal_column, select
from sqlalchemy.orm import aliased

from ..clock import local_to_utc, utcnow
from ..extensions import db
from ..memo import Memo
from ..service import rules as service_rules
from ..service.models import Complaint, ComplaintEntry, ConnectionApplication, Contact, Measurement, Ticket
from ..service.queries_temperature import entered_figures, latest_verdicts
from . import rules

T = TypeVar("T")
FIGURES_SECONDS = 300
HANDLED = ("answered", "told_missing")     # a first contact's outcomes that end it
_STORE = "public_figures"


def _utc(day: date) -> datetime:
    """Local midnight starting `day`, as naive UTC (how times are stored)."""
    return local_to_utc(datetime.combine(day, time()))


def _bucket(column, starts: list):
    """The index of the month a value falls in: 0 before the first of `starts`, 1 before the second …"""
    if not starts:
        return _number(0)
    return case(*[(column < start, _number(n)) for n, start in enumerate(starts)], else_=_number(len(starts)))


def _number(n: int):
    """A small whole number written into the statement (not a parameter: PostgreSQL then knows its type)."""
    return literal_column(str(int(n)))


def _per_month(rows, months: int, width: int) -> list[tuple[int, ...]]:
    """Rows of (month index, count …) as one tuple of `width` counts per month (0 where none)."""
    found = {int(row[0]): tuple(int(v or 0) for v in row[1:]) for row in rows}
    return [found.get(n, (0,) * width) for n in range(months)]


def season_counts(months: list[tuple[date, date]]) -> dict:
    """The counts of every promise, per month of `months` (consecutive, as rules.season_months
    gives them): six statements, whatever the size of the history."""
    first, last = months[0][0], months[-1][1]
    starts = rules.bucket_starts(months)
    begins, ends = _utc(first), _utc(last + timedelta(days=1))
    utc_starts = [_utc(d) for d in starts]
    n = len(months)

    def grouped(inner, *totals):
        sub = inner.subquery()
        return db.session.execute(select(sub.c.month, *[func.sum(getattr(sub.c, t)) for t in totals])
                                  .group_by(sub.c.month)).all()

    def flag(condition):
        return case((condition, _number(1)), else_=_number(0))

    # repair calls: received, on site, on site by the promised time, nobody there yet
    repairs = grouped(select(_bucket(Ticket.received_at, utc_starts).label("month"),
                             _number(1).label("received"),
                             flag(Ticket.arrived_at.is_not(None)).label("arrived"),
                             flag(Ticket.arrived_at <= Ticket.promised_by).label("in_time"),
                             flag(Ticket.arrived_at.is_(None)).label("waiting"))
                      .where(Ticket.category == service_rules.REPAIR,
                             Ticket.received_at >= begins, Ticket.received_at < ends),
                      "received", "arrived", "in_time", "waiting")
    # air locks and blockages: received, cleared, cleared by their limit, not yet cleared
    faults = grouped(select(_bucket(Ticket.received_at, utc_starts).label("month"),
                            _number(1).label("received"),
                            flag(Ticket.cleared_at.is_not(None)).label("cleared"),
                            flag(Ticket.cleared_at <= Ticket.clear_by).label("in_time"),
                            flag(Ticket.cleared_at.is_(None)).label("waiting"))
                     .where(Ticket.fault.in_(tuple(service_rules.CLEAR)),
                            Ticket.received_at >= begins, Ticket.received_at < ends),
                     "received", "cleared", "in_time", "waiting")
    # connection applications (dates): applied, answered, answered by the 15th working day, waiting
    connections = grouped(select(_bucket(ConnectionApplication.applied_on, starts).label("month"),
                                 _number(1).label("applied"),
                                 flag(ConnectionApplication.answered_on.is_not(None)).label("answered"),
                                 flag(ConnectionApplication.answered_on <= ConnectionApplication.answer_by)
                                 .label("in_time"),
                                 flag(ConnectionApplication.answered_on.is_(None)).label("waiting"))
                          .where(ConnectionApplication.applied_on >= first, ConnectionApplication.applied_on <= last),
                          "applied", "answered", "in_time", "waiting")
    # complaints: received, closed (an entry closing it that no correction took back)
    closing, correction = aliased(ComplaintEntry), aliased(ComplaintEntry)
    closed = exists().where(closing.complaint_id == Complaint.id, closing.kind == service_rules.CLOSED,
                            ~exists().where(correction.kind == service_rules.CORRECTION,
                                            correction.corrects_id == closing.id))
    complaints = grouped(select(_bucket(Complaint.received_at, utc_starts).label("month"),
                                _number(1).label("received"), flag(closed).label("closed"))
                         .where(Complaint.received_at >= begins, Complaint.received_at < ends),
                         "received", "closed")
    # first contacts (calls, visits, letters): logged, handled — answered, or everything missing told
    # at once; one passed on is still its receiver's until answered (首问责任)
    contacts = grouped(select(_bucket(Contact.received_at, utc_starts).label("month"),
                              _number(1).label("logged"), flag(Contact.outcome.in_(HANDLED)).label("done"))
                       .where(Contact.received_at >= begins, Contact.received_at < ends),
                       "logged", "done")
    # room temperature: each household's latest valid verdict in each month, counted per verdict
    measured = (select(Measurement.household_id, Measurement.started_at,
                       _bucket(Measurement.started_at, utc_starts).label("month"))
                .where(Measurement.started_at >= begins, Measurement.started_at < ends, Measurement.problems == "")
                .subquery())
    latest = (select(measured.c.household_id, measured.c.month, func.max(measured.c.started_at).label("at"))
              .group_by(measured.c.household_id, measured.c.month).subquery())
    verdicts = db.session.execute(
        select(latest.c.month, Measurement.verdict, func.count())
        .join(latest, and_(Measurement.household_id == latest.c.household_id, Measurement.started_at == latest.c.at))
        .where(Measurement.problems == "").group_by(latest.c.month, Measurement.verdict)).all()
    by_month: list[dict[str, int]] = [{} for _ in range(n)]
    for month, verdict, count in verdicts:
        by_month[int(month)][verdict] = int(count)
    # the season: each household's latest valid verdict over the whole season (the register's own reading)
    season = service_rules.compliance_counts(latest_verdicts(begins, ends))
    return {rules.REPAIRS: _per_month(repairs, n, 4), rules.FAULTS: _per_month(faults, n, 4),
            rules.CONNECTIONS: _per_month(connections, n, 4), rules.COMPLAINTS: _per_month(complaints, n, 2),
            rules.CONTACTS: _per_month(contacts, n, 2), rules.TEMPERATURE: by_month, "temperature_season": season,
            "at": utcnow()}


# --- kept per worker for a few minutes -----------------------------------------------------------------

def remembered(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`'s answer for `key`, kept per application and worker for FIGURES_SECONDS and
    forgotten on this process's commits. Only for what is the same for everyone (no user, no scope)."""
    if not has_app_context():
        return make()
    store = current_app.extensions.get(_STORE)
    if store is None:
        store = current_app.extensions.setdefault(_STORE, Memo(TTLCache(maxsize=32, ttl=FIGURES_SECONDS)))
    return store.get(key, make)


def figures(months: list[tuple[date, date]]) -> dict:
    """season_counts(months), remembered."""
    return remembered(("counts", tuple(months)), lambda: season_counts(months))


def forget(*_args) -> None:
    """Forget the remembered figures of the current application (after any commit here)."""
    if has_app_context():
        store = current_app.extensions.get(_STORE)
        if store is not None:
            store.clear()


event.listen(db.session, "after_commit", forget)


def entered(season_start: date) -> dict:
    """The office's latest entry of each figure the portal has no records for (billing accuracy,
    facilities in good order), as plain values, remembered like the counts."""
    def load():
        latest = {}
        for row in entered_figures(season_start):       # newest first
            latest.setdefault(row.kind, {"part": row.part, "whole": row.whole, "note": row.note,
                                         "who": row.entered_by.name, "at": row.entered_at})
        return latest
    return remembered(("entered", season_start), load)

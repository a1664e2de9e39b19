"""The customer-service desk in the benchmark: the tickets board and its fragment, a household's
page, the search as you type, the return visits with the day's quota, the weekly and
half-monthly reports (and the report as Excel), the month's room temperature measurements and
the measurement form.

Twenty thousand households; two heating seasons of calls (about thirty tickets a day, all
cleared but the last day's) and of the first-contact ledger; a few hundred complaints with their
steps; a return visit on every sampled ticket and on every other complaint. Deterministic for a
seed."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..extensions import db
from ..staff.models import Department
from . import rules
from .models import (Complaint, ComplaintEntry, Contact, Household, Measurement, ReturnVisit, RoomReading, Ticket,
                     TicketEvent)

HOUSEHOLDS = 20_000
TICKETS_A_DAY = 30
SEASON_DAYS = 120

PAGES = [
    page("service board", "cs", "/service/tickets"),
    page("service board (htmx)", "cs", "/service/tickets", htmx=True),
    page("household page", "cs", "/service/households/{household_id}"),
    page("household search (htmx)", "cs", "/service/households?q=和平 3", htmx=True),
    page("service half-monthly report", "gm", "/service/report"),
    page("service weekly report", "deputy", "/service/report?span=week"),
    page("service report Excel (half month)", "gm", "/service/report.xlsx", p95_ms=1000),
    page("service return visits (quota)", "cs", "/service/visits", p95_ms=200),
    page("room temperatures (month)", "cs", "/service/temperatures/"),
    page("measurement form", "cs", "/service/temperatures/new?household={household_id}"),
    page("room temperatures: the month's summary", "gm", "/service/temperatures/summary"),
]


def build(company: Build) -> None:
    session, now = db.session, company.now
    branches = list(session.scalars(select(Department.id).where(Department.kind == "branch"))) or [None]
    desk = company.accounts["cs"]
    session.execute(insert(Household), [
        {"estate": f"{('和平', '碣阳', '滦河', '民生', '金凤', '凤凰')[n % 6]}小区{n % 40}", "building": str(1 + n % 30),
         "unit": str(1 + n % 4), "room": f"{1 + n % 18}0{1 + n % 2}", "name": f"住户{n}", "phone": f"139{n:08d}",
         "heated_area": Decimal(80), "branch_id": branches[n % len(branches)], "cold": n % 50 == 0}
        for n in range(HOUSEHOLDS)])
    household_ids = list(session.scalars(select(Household.id).order_by(Household.id)))
    company.landmarks["household_id"] = household_ids[0]
    situations = list(rules.SITUATIONS)
    tickets, contacts = [], []
    for season in (365, 0):
        for day in range(SEASON_DAYS):
            for k in range(TICKETS_A_DAY):
                received = now - timedelta(days=season + day, minutes=37 * k)
                situation = situations[(day + k) % len(situations)]
                urgency = rules.classify(situation)
                category = "repair" if k % 2 else "heating_quality"
                household = household_ids[(day * TICKETS_A_DAY + k) % len(household_ids)]
                done = season or day > 0
                tickets.append({"household_id": household, "address": "", "caller": "", "phone": "", "category": category,
                                "situation": situation, "urgency": urgency, "fault": "", "description": "",
                                "received_at": received, "received_by_id": desk,
                                "arrive_by": rules.arrival_deadline(received, urgency),
                                "promised_by": rules.promised_arrival(received, urgency, category), "clear_by": None,
                                "branch_id": branches[k % len(branches)],
                                "arrived_at": received + timedelta(minutes=25) if done else None,
                                "cleared_at": received + timedelta(hours=2) if done else None, "result": "已处理" if done else ""})
                contacts.append({"received_at": received, "channel": "phone", "name": "住户", "phone": "", "address": "",
                                 "household_id": household, "matter": "咨询", "receiver_id": desk, "outcome": "answered",
                                 "told_missing": ""})
    ticket_ids = session.execute(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), tickets).scalars().all()
    session.execute(insert(TicketEvent), [
        {"ticket_id": tid, "kind": kind, "at": t[column], "by_id": desk, "note": "", "other_ticket_id": None}
        for tid, t in zip(ticket_ids, tickets)
        for kind, column in (("received", "received_at"), ("arrived", "arrived_at"), ("cleared", "cleared_at"))
        if t[column] is not None])
    session.execute(insert(Contact), contacts)
    complaints = [{"received_at": now - timedelta(days=n), "received_by_id": desk, "name": f"住户{n}", "phone": "139",
                   "address": "", "household_id": household_ids[n * 37 % len(household_ids)], "source": "phone",
                   "category": rules.CATEGORIES[n % 5], "content": "室温不达标"} for n in range(400)]
    ids = session.execute(insert(Complaint).returning(Complaint.id), complaints).scalars().all()
    session.execute(insert(ComplaintEntry), [
        {"complaint_id": cid, "kind": kind, "text": "" if kind == rules.OWNER else "处理", "owner_id": desk if kind == rules.OWNER else None,
         "corrects_id": None, "by_id": desk, "at": now}
        for cid in ids for kind in (rules.OWNER, rules.ASKED_UNIT, rules.TOLD_RESULT, rules.CLOSED)])
    # return visits: every sampled ticket cleared (a day later), every other complaint; one in ten unsatisfied
    sampled = session.execute(select(Ticket.id, Ticket.cleared_at).where(
        Ticket.cleared_at.is_not(None), Ticket.id % rules.TICKET_SAMPLE_EVERY == 0)).all()
    session.execute(insert(ReturnVisit), [
        {"complaint_id": None, "ticket_id": tid, "method": "phone",
         "satisfaction": rules.UNSATISFIED if n % 10 == 0 else rules.SATISFIED, "in_time": True,
         "matches_record": True, "note": "", "by_id": desk, "at": min(cleared + timedelta(days=1), now)}
        for n, (tid, cleared) in enumerate(sampled)] + [
        {"complaint_id": cid, "ticket_id": None, "method": "phone", "satisfaction": rules.SATISFIED, "in_time": True,
         "matches_record": True, "note": "", "by_id": desk, "at": now}
        for cid in ids[::2]])
    _measurements(session, now, household_ids, desk)


MEASUREMENTS_A_DAY = 20


def _measurements(session, now, household_ids, by_id) -> None:
    """Two seasons of room temperature measurements, three rooms each, one in twelve below."""
    rows = []
    for season in (365, 0):
        for day in range(SEASON_DAYS):
            for k in range(MEASUREMENTS_A_DAY):
                started = now - timedelta(days=season + day, hours=1 + k % 9)
                below = (day + k) % 12 == 0
                rows.append({"household_id": household_ids[(day * MEASUREMENTS_A_DAY + k * 7) % len(household_ids)],
                             "branch_id": None, "measured_by_id": by_id, "with_whom": "",
                             "entered_at": started - timedelta(minutes=15), "started_at": started,
                             "ended_at": started + timedelta(minutes=12), "doors_windows_closed": True,
                             "outdoor_c": Decimal(-5), "signature": "signed", "objection": "", "again_requested": False,
                             "exemption": "", "problems": "", "verdict": rules.BELOW if below else rules.MEETS,
                             "recorded_at": started + timedelta(minutes=13), "bedroom": Decimal("17.1" if below else "19.2")})
    ids = session.execute(insert(Measurement).returning(Measurement.id, sort_by_parameter_order=True),
                          [{k: v for k, v in row.items() if k != "bedroom"} for row in rows]).scalars().all()
    session.execute(insert(RoomReading), [
        {"measurement_id": mid, "room": room, "heated": True, "open_to_balcony": False, "reading_c": reading,
         "standard_c": standard}
        for mid, row in zip(ids, rows)
        for room, reading, standard in (("bedroom", row["bedroom"], 18), ("living", Decimal("19.5"), 18),
                                        ("kitchen", Decimal("16.5"), 16))])

"""The absence area in the benchmark: the board (page and polled fragment), the office's
approvals, and the away cards (离岗告示卡) — one, and the office's sheet of everyone out.

Two years of leave-post notices (regulation 7) for the synthetic company: about one a
month per person on working days, approved by the head and returned (a few late); and now,
about 4 % of the people out on an approved notice (a few of them overdue), some notices
waiting for their head. The staff account is out now (its card is measured). The other role
accounts stay in (their pages are measured elsewhere). Deterministic for a seed."""

from datetime import datetime, time, timedelta

from sqlalchemy import insert, select

from ..bench.company import ROLE_ACCOUNTS, Build
from ..bench.pages import page
from ..bench.pdfs import pdf
from ..clock import local_to_utc, local_today
from ..extensions import db
from ..staff.models import Department, Employee
from ..workdays.queries import current as working_calendar
from .models import REASON_CATEGORIES, LeavePostNotice

HISTORY_DAYS = 730
PER_PERSON_AND_DAY = 1 / 21   # about one notice a month
OUT_NOW = 0.04                # share of people out on a notice right now
PENDING_NOW = 0.005

# "{notice_id}" is a landmark of build() below: the staff account's notice, out now.
PAGES = [
    # Opened once, then polled every 30 s by every open board: what is polled holds the board's
    # throughput target (a quarter of the bare floor's) and is small. The page as opened pays what
    # every logged-in page pays (the session and its person, the layout), which keeps the lightest
    # of them near a quarter of the floor (held to it, it passed two runs of eight): measured,
    # not held to it (README).
    page("absence board", "staff", "/absence/"),
    page("absence board (htmx)", "staff", "/absence/", htmx=True, max_bytes=20_000, min_floor_share=0.25),
    page("absence approvals", "invest-head", "/absence/approvals"),
    page("away card (page)", "staff", "/absence/{notice_id}/card"),
]

# Cards differ per absence and per moment: the cold figure is the one that counts.
PDFS = [
    pdf("away card (one)", "staff", "/absence/{notice_id}/card.pdf", cold_s=0.15),
    pdf("away cards (everyone out, one PDF)", "office", "/absence/cards.pdf", cold_s=1.0),
]


def build(company: Build) -> None:
    session, rng, now = db.session, company.rng, company.now
    calendar = working_calendar()
    today = local_today(now)
    heads = dict(session.execute(select(Department.id, Department.head_id)).all())
    people = session.execute(select(Employee.id, Employee.department_id).where(Employee.active)
                             .order_by(Employee.id)).all()
    kept_in = {company.accounts[a] for a in ROLE_ACCOUNTS if a != "staff" and a in company.accounts}
    token = iter(range(10**6))
    rows = []

    def notice(person, dept, left, back, returned, state="approved"):
        head = heads.get(dept)
        approver = head if head and head != person else company.accounts["gm"]
        rows.append({"employee_id": person, "category": rng.choice(REASON_CATEGORIES), "details": "",
                     "left_at": left, "expected_back": back, "returned_at": returned,
                     "substitute_id": None, "contact_phone": "", "approver_id": approver,
                     "state": "returned" if returned else state,        # as recording a return does
                     "decided_by_id": approver if state != "pending" else None,
                     "decided_at": left - timedelta(minutes=10) if state != "pending" else None,
                     "decision_note": "", "status_token": f"bench{next(token):027d}",
                     "created_at": left - timedelta(minutes=20)})

    days = [today - timedelta(days=n) for n in range(1, HISTORY_DAYS)]
    days = [d for d in days if calendar.is_working_day(d)]
    per_day = max(1, round(len(people) * PER_PERSON_AND_DAY))
    for day in days:
        for person, dept in rng.sample(people, min(per_day, len(people))):
            left = local_to_utc(datetime.combine(day, time(rng.choice((8, 9, 10, 14, 15)), rng.choice((0, 15, 30)))))
            back = left + timedelta(minutes=rng.choice((30, 60, 90, 120, 180)))
            late = rng.random() < 0.05
            notice(person, dept, left, back, back + timedelta(minutes=rng.randint(15, 60) if late else -5))

    movable = [(p, d) for p, d in people if p not in kept_in]
    out = rng.sample(movable, max(2, round(len(people) * OUT_NOW)))
    staff = company.accounts["staff"]
    out = [(p, d) for p, d in out if p != staff] + [next((p, d) for p, d in people if p == staff)]
    for n, (person, dept) in enumerate(out):
        left = now - timedelta(minutes=rng.randint(10, 150))
        overdue = n % 10 == 0 and person != staff
        back = now - timedelta(minutes=rng.randint(20, 60)) if overdue else now + timedelta(minutes=rng.randint(20, 200))
        notice(person, dept, left, back, None)
    waiting = [p for p in movable if p not in out][:max(1, round(len(people) * PENDING_NOW))]
    for person, dept in waiting:
        left = now + timedelta(minutes=rng.randint(15, 90))
        notice(person, dept, left, left + timedelta(hours=1), None, state="pending")

    session.execute(insert(LeavePostNotice), rows)
    company.landmarks["notice_id"] = session.scalar(select(LeavePostNotice.id).where(
        LeavePostNotice.employee_id == staff, LeavePostNotice.returned_at.is_(None),
        LeavePostNotice.state == "approved").order_by(LeavePostNotice.id.desc()).limit(1))

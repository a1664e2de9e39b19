"""The handbook area in the benchmark: its measured pages and PDFs, and the handbook of the
synthetic company: the 13 shipped regulations, a second revision of
two of them (attendance, in force for some weeks; hygiene, just in force), the holiday
allowance the regulations leave blank, and reading confirmations: most people have read
everything in force, some have a few regulations left, and a share has not yet re-read
the revised ones (having confirmed the first revision). Deactivated employees and those
without an account have confirmed nothing.

The acknowledgement pages therefore list a realistic few hundred people at 1,000.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..bench.pdfs import pdf
from ..clock import local_to_utc, local_today
from ..extensions import db
from ..settings import HOLIDAY_ALLOWANCE, get_setting, set_setting
from ..staff.models import Employee
from . import loader
from .models import Acknowledgement, Regulation, RegulationRevision

READ_EVERYTHING = 0.8      # share of people who have confirmed every regulation in force
# Second revisions: slug -> (article changed (1-based), text added to it, note, days in force,
# share of readers who have not re-read it yet)
REVISIONS = {
    "attendance": (5, "在岗期间不得用手机玩游戏、看视频。", "增加在岗期间使用手机的规定。", 40, 0.08),
    "hygiene": (6, "供暖期内，办公室每周五对各部门卫生情况进行检查评比，检查结果在公司内网公布。",
                "供暖期增加每周卫生检查评比并在内网公布。", 10, 0.3),
}


# "{regulation_slug}" is a landmark of build() below.
PAGES = [
    page("handbook index", "staff", "/handbook/"),
    page("regulation (attendance)", "staff", "/handbook/{regulation_slug}"),
    page("handbook search 旷工 (htmx)", "staff", "/handbook/search?q=旷工", htmx=True),
    # The office's list of who has not read what: every active person × every regulation in force.
    # The office's occasional overview (counts over everyone × every regulation), not a key page.
    page("reading confirmations", "office", "/handbook/acknowledgements", p95_ms=100),
]

# The targets: ≤ 1.5 s cold, ≤ 10 ms from the cache.
PDFS = [
    pdf("handbook A4", "staff", "/handbook/handbook.pdf", cold_s=1.5, warm_ms=10),
    pdf("handbook A5", "staff", "/handbook/handbook.pdf?size=a5", cold_s=1.5, warm_ms=10),
    # One regulation to print: no target of its own; it cannot be allowed to be slower than the book.
    pdf("regulation (attendance) A4", "staff", "/handbook/{regulation_slug}/print.pdf", cold_s=1.5),
]


def build(company: Build) -> None:
    rng, session = company.rng, db.session
    loader.install()  # 13 regulations, their first revision (ORM: 13 objects, then a commit)
    if get_setting(HOLIDAY_ALLOWANCE) is None:
        set_setting(HOLIDAY_ALLOWANCE, "50")

    today = local_today(company.now)
    firsts = {r.regulation.slug: r for r in session.scalars(
        select(RegulationRevision).join(RegulationRevision.regulation)
        .where(RegulationRevision.revision_no == 1).order_by(Regulation.number))}
    office_head = company.accounts["office-head"]
    rows = []
    for slug, (article, addition, note, days, _share) in REVISIONS.items():
        first = firsts[slug]
        articles = [dict(a) for a in first.articles]
        articles[article - 1]["text"] += addition
        effective = today - timedelta(days=days)
        rows.append({"regulation_id": first.regulation_id, "revision_no": 2, "title": first.title,
                     "preamble": first.preamble, "articles": articles, "closing": first.closing,
                     "effective_date": effective, "note": note, "errata": [],
                     "created_at": _at(effective - timedelta(days=5)), "created_by_id": office_head})
    second_ids = session.scalars(insert(RegulationRevision).returning(RegulationRevision.id,
                                                                     sort_by_parameter_order=True), rows).all()
    seconds = {slug: (ident, row["effective_date"]) for slug, ident, row in zip(REVISIONS, second_ids, rows)}

    readers = session.scalars(select(Employee.id).where(
        Employee.active, Employee.password_hash.is_not(None)).order_by(Employee.id)).all()
    slugs = list(firsts)
    acks = []
    for person in readers:
        unread = set() if rng.random() < READ_EVERYTHING else set(rng.sample(slugs, rng.randint(1, 4)))
        for slug in slugs:
            if slug in unread:
                continue
            acks.append({"employee_id": person, "revision_id": firsts[slug].id,
                         "at": _at(loader.ORIGINAL_DATE + timedelta(days=rng.randint(30, 7000)), rng)})
            if slug in seconds and rng.random() >= REVISIONS[slug][4]:
                revision_id, effective = seconds[slug]
                acks.append({"employee_id": person, "revision_id": revision_id,
                             "at": _at(effective + timedelta(days=rng.randrange(REVISIONS[slug][3])), rng)})
    session.execute(insert(Acknowledgement), acks)
    company.landmarks.update(regulation_slug="attendance")


def _at(day: date, rng=None) -> datetime:
    """A moment of `day` during office hours (08:00–17:59 local; 10:00 without `rng`), as stored (UTC)."""
    hour, minute = (rng.randint(8, 17), rng.randint(0, 59)) if rng else (10, 0)
    return local_to_utc(datetime(day.year, day.month, day.day, hour, minute))

"""Demo: the 13 regulations, a later revision of the hygiene regulation, the allowance
setting, and most (not all) employees' reading confirmations."""

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..demo import seeder
from ..extensions import db
from ..settings import HOLIDAY_ALLOWANCE, get_setting, set_setting
from ..staff.models import Employee
from ..clock import local_today
from . import loader
from .models import Acknowledgement, Regulation, RegulationRevision

HYGIENE_ADDITION = "供暖期内，办公室每周五对各部门卫生情况进行检查评比，检查结果在公司内网公布。"


STILL_TO_READ = ("staff", "driver")


@seeder
def seed_handbook(now: datetime, password: str) -> None:
    if db.session.scalar(select(Regulation.id).limit(1)):
        return
    loader.install()
    if get_setting(HOLIDAY_ALLOWANCE) is None:
        set_setting(HOLIDAY_ALLOWANCE, "50")
    today = local_today(now)
    office_head = db.session.scalar(select(Employee).where(Employee.username == "office-head"))
    hygiene = db.session.scalar(select(Regulation).where(Regulation.slug == "hygiene"))
    first = hygiene.revisions[0]
    articles = [dict(a) for a in first.articles]
    articles[-2]["text"] = articles[-2]["text"] + HYGIENE_ADDITION
    db.session.add(RegulationRevision(
        regulation=hygiene, revision_no=2, title=first.title, preamble=first.preamble,
        articles=articles, closing=first.closing, errata=[],
        effective_date=date(today.year, today.month, 1) - timedelta(days=10),
        note="供暖期增加每周卫生检查评比并在内网公布。", created_by=office_head,
        created_at=now - timedelta(days=25)))
    db.session.flush()

    rng = random.Random(428)  # the same company however many people the other areas' demos add
    in_force = {}
    for revision in db.session.scalars(select(RegulationRevision).order_by(RegulationRevision.revision_no)):
        in_force[revision.regulation_id] = revision  # the latest wins
    people = db.session.execute(select(Employee.id, Employee.username)
                                .where(Employee.active, Employee.password_hash.is_not(None))).all()
    for person, username in people:
        drawn = rng.random()
        if username in STILL_TO_READ:       # the plain workers' demo accounts show what is unread
            unread = set(sorted(in_force)[:2])
        elif person == office_head.id or drawn < 0.8:  # most have read everything
            unread = set()
        else:
            unread = set(rng.sample(sorted(in_force), rng.randint(1, 4)))
        for regulation_id, revision in in_force.items():
            not_yet_reread = revision.revision_no > 1 and person != office_head.id and rng.random() < 0.3
            if regulation_id not in unread and not not_yet_reread:
                db.session.add(Acknowledgement(employee_id=person, revision_id=revision.id,
                                               at=now - timedelta(days=rng.randint(1, 20))))
    db.session.commit()

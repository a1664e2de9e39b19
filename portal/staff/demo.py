"""Demo company: departments, posts with duties and substitutes, about 60 employees."""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..auth.passwords import hash_password
from ..clock import local_to_utc, to_local
from ..demo import seeder
from ..extensions import db
from . import rules
from .demo_data import DEPARTMENTS
from .models import Department, Employee, OrgChange, Post

DEMO_ACCOUNTS = ("admin", "gm", "deputy", "deputy2", "office-head", "office", "cs-head", "cs",
                 "invest-head", "staff", "branch-mgr", "guard", "driver", "inspector")


def _username(name: str, taken: set[str]) -> str:
    base = rules.name_search_keys(name)[0] or "user"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate


@seeder
def seed_organisation(now: datetime, password: str) -> None:
    if db.session.scalar(select(Employee.id).where(Employee.username == "gm")):
        return
    rng = random.Random(2004)
    shared_hash = hash_password(password)  # demo only: one hash for the rank and file
    taken = set(DEMO_ACCOUNTS)
    people_by_name: dict[str, Employee] = {}
    posts_by_key: dict[tuple[str, str], Post] = {}
    departments: list[tuple[Department, dict]] = []

    for order, spec in enumerate(DEPARTMENTS, start=1):
        dept = Department(name=spec["name"], kind=spec["kind"], phone=spec["phone"],
                          location=spec["location"], sort_order=order * 10)
        db.session.add(dept)
        for p_order, (title, duties, goals) in enumerate(spec["posts"], start=1):
            post = Post(department=dept, title=title, duties=duties, goals=goals, sort_order=p_order * 10)
            posts_by_key[(spec["name"], title)] = post
            db.session.add(post)
        for name, username, rank, post_title, roles, _gender in spec["people"]:
            person = Employee(
                name=name, username=username or _username(name, taken), department=dept,
                post=posts_by_key[(spec["name"], post_title)], rank=rank,
                phone=f"13{rng.choice('3589')}{rng.randrange(10**7, 10**8)}",
                hire_date=date(rng.randrange(1990, 2024), rng.randrange(1, 13), rng.randrange(1, 29)),
                emergency_contact=f"家属 13{rng.choice('3589')}{rng.randrange(10**7, 10**8)}",
            )
            person.name_pinyin, person.name_initials = rules.name_search_keys(name)
            person.set_roles(roles)
            person.password_hash = hash_password(password) if username else shared_hash
            db.session.add(person)
            people_by_name[name] = person
        departments.append((dept, spec))
    db.session.flush()

    by_username = {p.username: p for p in people_by_name.values()}
    for dept, spec in departments:
        members = [people_by_name[p[0]] for p in spec["people"]]
        heads = [m for m in members if m.rank in rules.HEAD_RANKS | {"general_manager"}]
        dept.head = heads[0] if heads else None
        dept.deputy = by_username.get(spec["deputy"]) if spec["deputy"] else None
        for title, substitute in spec["substitutes"].items():
            posts_by_key[(spec["name"], title)].substitute = people_by_name[substitute]
    # One newcomer whose account the administrator has yet to open.
    office = departments[1][0]
    newcomer = Employee(name="庞雨桐", username="pangyutong", department=office, rank="staff",
                        hire_date=(now - timedelta(days=3)).date(), phone="13833571206")
    newcomer.name_pinyin, newcomer.name_initials = rules.name_search_keys(newcomer.name)
    db.session.add(newcomer)
    _seed_org_changes(now, by_username, posts_by_key.values())
    db.session.commit()


def _seed_org_changes(now: datetime, by_username: dict[str, Employee], posts) -> None:
    """The administrator's last changes of who approves what, as the GM's log shows them."""
    admin, head = by_username["admin"], by_username["invest-head"]
    post = next(p for p in posts if p.substitute is not None)
    for days_ago, subject, subject_id, field, old, new in (
            (41, "employee", head.id, "rank", "staff", "department_head"),
            (41, "department", head.department_id, "head", "", str(head.id)),
            (12, "post", post.id, "substitute", "", str(post.substitute.id))):
        at = local_to_utc(datetime.combine(to_local(now).date() - timedelta(days=days_ago), time(10, 15)))
        db.session.add(OrgChange(changed_by_id=admin.id, changed_at=at,
                                 subject=subject, subject_id=subject_id, field=field, old_value=old, new_value=new))

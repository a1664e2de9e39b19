"""The staff area in the benchmark: the organisation of the synthetic company (departments,
posts with duties and a substitute, a head per department, deputy managers overseeing them,
and employees) and the staff pages measured on it.

The demo's eleven departments come first (they hold the role accounts, with the demo's
names, posts, ranks and roles); further departments are modelled on the demo's sections
and branches. Everyone else gets a generated Chinese name. Deterministic for a seed.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, update

from ..bench.company import ROLE_ACCOUNTS, Build, password_hash
from ..bench.pages import page
from ..extensions import db
from .demo_data import DEPARTMENTS as DEMO_DEPARTMENTS
from .models import Department, Employee, Post
from .rules import name_search_keys

# Most frequent first: rng.choices weighs them down the list.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
            "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
            "毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文立志海东春梅晓燕林波宏鹏辉"
         "斌飞鑫宇浩然子轩佳欣怡雪琳婷晶慧颖思雨博俊凯健亮成龙峰庆德福贵祥瑞永新胜利民生青山振兴家"
         "宝荣金凤淑珍翠云彩琴素秋月光明达卫彬晨阳旭东")
SURNAME_WEIGHTS = [1 / (i + 4) for i in range(len(SURNAMES))]

EXTRA_SECTIONS = ("安全科", "物资科", "调度中心", "技术科", "计量科", "审计科", "后勤科", "水处理站",
                  "管网所", "热源厂", "质检科", "维修队", "工程队", "信息中心", "档案室", "法务室",
                  "党群工作部", "营销部", "车队", "培训中心")
DEPUTY_TITLES = ("行政副经理", "生产副经理", "经营副经理", "安全副经理", "工程副经理", "技术副经理",
                 "后勤副经理", "财务副经理")
DIGITS = "零一二三四五六七八九"
# Roles that come with a post (the demo's drivers, operators, inspectors, guards); the
# record-keeping roles (admin, office) stay with the role accounts.
POST_ROLES = frozenset({"driver", "customer_service", "inspector", "guard"})
KIND_WEIGHT = {"office": 1.2, "section": 1.0, "branch": 2.0, "guard": 0.6}
INACTIVE_SHARE = 0.005   # deactivated employees
NO_LOGIN_SHARE = 0.01    # newcomers whose account is not open yet

# The measured pages; "{department_id}" and "{employee_id}" are landmarks of build() below.
PAGES = [
    page("directory", "staff", "/staff/"),
    page("directory search (htmx)", "staff", "/staff/?q=wang", htmx=True),
    page("department (largest)", "staff", "/staff/departments/{department_id}"),
    page("profile", "staff", "/staff/{employee_id}"),
    # An administrator's occasional page, not one of the key pages: measured, with a looser target.
    page("staff admin index", "admin", "/staff/admin", p95_ms=100),
]


def chinese_number(n: int) -> str:
    """3 -> 三, 12 -> 十二, 40 -> 四十, 105 -> 一百零五 (up to 999)."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if not rest else "零" + DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese_number(rest)
    return DIGITS[hundreds] + "百" + tail


def head_title(name: str, kind: str) -> str:
    if kind == "branch":
        return "分公司经理"
    for suffix, title in (("科", "科长"), ("部", "部长"), ("中心", "主任"), ("室", "主任"),
                          ("队", "队长"), ("站", "站长"), ("所", "所长"), ("厂", "厂长")):
        if name.endswith(suffix):
            return name + title
    return name + "负责人"


@dataclass
class PersonPlan:
    name: str
    username: str | None       # None: derived from pinyin later
    rank: str
    post: str | None
    roles: tuple[str, ...] = ()
    active: bool = True
    login: bool = True
    id: int | None = None


@dataclass
class DepartmentPlan:
    name: str
    kind: str
    phone: str
    location: str
    posts: list[tuple[str, str, str]]          # (title, duties, goals); the head's post first
    deputy: str | None                          # username of the deputy manager
    weight: float = 1.0
    people: list[PersonPlan] = field(default_factory=list)
    post_ids: dict[str, int] = field(default_factory=dict)
    id: int | None = None


def _plan_departments(company: Build, deputies: list[str]) -> list[DepartmentPlan]:
    wanted = company.departments
    holds_account = [d for d in DEMO_DEPARTMENTS if any(p[1] in ROLE_ACCOUNTS for p in d["people"])]
    others = [d for d in DEMO_DEPARTMENTS if d not in holds_account]
    chosen = holds_account + others[:max(0, wanted - len(holds_account))]
    demo = [d for d in DEMO_DEPARTMENTS if d in chosen]

    plans = []
    for spec in demo:
        posts = list(spec["posts"])
        if spec["kind"] == "leadership":  # the GM, then one post per deputy manager
            posts = posts[:1] + [(title,) + posts[1 if i == 0 else 2][1:]
                                 for i, title in enumerate(DEPUTY_TITLES[:len(deputies)])]
        deputy = {"deputy": deputies[0], "deputy2": deputies[1]}.get(spec["deputy"]) if spec["deputy"] else None
        plans.append(DepartmentPlan(spec["name"], spec["kind"], spec["phone"], spec["location"], posts, deputy,
                                    KIND_WEIGHT.get(spec["kind"], 1.0)))

    templates = {"section": [d for d in DEMO_DEPARTMENTS if d["kind"] == "section"],
                 "branch": [d for d in DEMO_DEPARTMENTS if d["kind"] == "branch"]}
    sections, branches = iter(EXTRA_SECTIONS), itertools.count(3)
    for i in range(wanted - len(plans)):
        kind = "branch" if i % 3 == 2 else "section"
        name = next(sections, None) if kind == "section" else None
        if name is None:
            kind, name = "branch", f"第{chinese_number(next(branches))}分公司"
        template = templates[kind][i % len(templates[kind])]
        head_post = template["posts"][0]
        posts = [(head_title(name, kind), head_post[1].replace(template["name"], name),
                  head_post[2].replace(template["name"], name))] + list(template["posts"][1:])
        plans.append(DepartmentPlan(
            name, kind, f"0335-20{21013 + i}", f"{template['location']}（{name}）", posts,
            deputies[(i + 1) % len(deputies)], KIND_WEIGHT[kind] * company.rng.uniform(0.7, 1.3)))
    return plans


def _sizes(company: Build, plans: list[DepartmentPlan], minimum: list[int]) -> list[int]:
    """Everyone in a department: at least its minimum, the rest by weight (largest remainder)."""
    spare = company.employees - sum(minimum)
    if spare < 0:
        raise ValueError(f"a company with {company.departments} departments needs at least {sum(minimum)} employees")
    weights = [0.0 if p.kind == "leadership" else p.weight for p in plans]
    shares = [spare * w / sum(weights) for w in weights]
    sizes = [m + int(s) for m, s in zip(minimum, shares)]
    by_remainder = sorted((i for i, w in enumerate(weights) if w), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[:company.employees - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _demo_people(spec: dict) -> tuple[PersonPlan, list[PersonPlan]]:
    """The demo department's head (its first person) and the role accounts in it."""
    def plan(name, username, rank, post, roles):
        return PersonPlan(name, username, rank, post, tuple(roles))
    head = spec["people"][0]
    head_plan = plan(head[0] if head[1] in ROLE_ACCOUNTS else None, head[1] if head[1] in ROLE_ACCOUNTS else None,
                     head[2], head[3], head[4])
    accounts = [plan(p[0], p[1], p[2], p[3], p[4]) for p in spec["people"][1:] if p[1] in ROLE_ACCOUNTS]
    return head_plan, accounts


def _post_roles() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(d["name"], p[3]): tuple(r for r in p[4] if r in POST_ROLES)
            for d in DEMO_DEPARTMENTS for p in d["people"]}


def build(company: Build) -> None:
    """The organisation; records the accounts, every employee and department, and the
    landmarks department_id, employee_id and largest_head."""
    rng = company.rng
    deputy_count = min(len(DEPUTY_TITLES), max(2, round(company.departments / 8)))
    deputies = ["deputy"] + [f"deputy{i}" for i in range(2, deputy_count + 1)]
    plans = _plan_departments(company, deputies)
    demo_by_name = {d["name"]: d for d in DEMO_DEPARTMENTS}
    post_roles = _post_roles()

    # Who is fixed in each department: the leaders, the role accounts and the heads.
    fixed: list[list[PersonPlan]] = []
    for plan in plans:
        if plan.kind == "leadership":
            gm = next(p for p in DEMO_DEPARTMENTS[0]["people"] if p[1] == "gm")
            deputy = next(p for p in DEMO_DEPARTMENTS[0]["people"] if p[1] == "deputy")
            people = [PersonPlan(gm[0], "gm", "general_manager", plan.posts[0][0]),
                      PersonPlan(deputy[0], "deputy", "deputy_manager", plan.posts[1][0])]
            people += [PersonPlan(None, username, "deputy_manager", plan.posts[i + 1][0])
                       for i, username in enumerate(deputies) if username != "deputy"]
        elif plan.name in demo_by_name:
            head, accounts = _demo_people(demo_by_name[plan.name])
            people = [head] + accounts
        else:
            rank = "branch_manager" if plan.kind == "branch" else "department_head"
            people = [PersonPlan(None, None, rank, plan.posts[0][0])]
        fixed.append(people)
    sizes = _sizes(company, plans, [len(f) if p.kind == "leadership" else max(2, len(f))
                                  for p, f in zip(plans, fixed)])

    # Fill every department up with rank and file, spread over its posts.
    for plan, people, size in zip(plans, fixed, sizes):
        staff_posts = [title for title, _d, _g in plan.posts[1:]] if plan.kind != "leadership" else []
        staff_posts = staff_posts[:max(1, size - 1)]
        held = {p.post for p in people}
        for _ in range(size - len(people)):
            empty = [t for t in staff_posts if t not in held]
            title = empty[0] if empty else rng.choice(staff_posts)
            held.add(title)
            roles = post_roles.get((plan.name, title), ()) if plan.name in demo_by_name else ()
            people.append(PersonPlan(None, None, "staff", title, roles))
        used = {p.post for p in people}
        plan.posts = [p for p in plan.posts if p[0] in used]
        plan.people = people

    _name_everyone(company, plans)
    _insert(company, plans)


def _name_everyone(company: Build, plans: list[DepartmentPlan]) -> None:
    rng = company.rng
    taken = set(ROLE_ACCOUNTS) | {p.username for plan in plans for p in plan.people if p.username}
    for plan in plans:
        for person in plan.people:
            if person.name is None:
                given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
                person.name = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0] + given
            if person.username is None:
                base = name_search_keys(person.name)[0] or "user"
                candidate, n = base, 2
                while candidate in taken:
                    candidate, n = f"{base}{n}", n + 1
                taken.add(candidate)
                person.username = candidate
            ordinary = person.rank == "staff" and person.username not in ROLE_ACCOUNTS
            if ordinary and rng.random() < INACTIVE_SHARE:
                person.active = False
            elif ordinary and rng.random() < NO_LOGIN_SHARE:
                person.login = False


def _insert(company: Build, plans: list[DepartmentPlan]) -> None:
    rng, session = company.rng, db.session
    dept_ids = session.scalars(
        insert(Department).returning(Department.id, sort_by_parameter_order=True),
        [{"name": p.name, "kind": p.kind, "phone": p.phone, "location": p.location,
          "sort_order": i * 10, "active": True} for i, p in enumerate(plans, start=1)]).all()
    post_rows = []
    for plan, dept_id in zip(plans, dept_ids):
        plan.id = dept_id
        post_rows += [{"department_id": dept_id, "title": title, "duties": duties, "goals": goals,
                       "sort_order": i * 10, "active": True}
                      for i, (title, duties, goals) in enumerate(plan.posts, start=1)]
    post_ids = iter(session.scalars(insert(Post).returning(Post.id, sort_by_parameter_order=True), post_rows).all())
    for plan in plans:
        plan.post_ids = {title: next(post_ids) for title, _d, _g in plan.posts}

    # The largest department (a landmark): its head logs in with the benchmark password too.
    largest = max((p for p in plans if p.kind != "leadership"), key=lambda p: len(p.people))
    largest_head = next(p for p in largest.people if p.rank != "staff")
    account_hash = password_hash(company.password)
    others_hash = password_hash(company.password + "-rank-and-file")  # nobody logs in as them
    phones: set[str] = set()
    rows, people = [], []
    for plan in plans:
        for person in plan.people:
            phone = None
            while phone is None or phone in phones:
                phone = f"13{rng.choice('3589')}{rng.randrange(10**7, 10**8)}"
            phones.add(phone)
            pinyin, initials = name_search_keys(person.name)
            leader = person.rank != "staff"
            rows.append({
                "username": person.username, "name": person.name,
                "password_hash": (account_hash if person.username in ROLE_ACCOUNTS or person is largest_head
                                  else others_hash if person.login else None),
                "name_pinyin": pinyin, "name_initials": initials, "phone": phone,
                "office_phone": f"0335-20{rng.randrange(21100, 21999)}" if leader else None,
                "department_id": plan.id, "post_id": plan.post_ids.get(person.post), "rank": person.rank,
                "roles": " ".join(person.roles),
                "hire_date": date(1990, 1, 1) + timedelta(days=rng.randrange((company.now.date() - date(1990, 1, 1)).days - 30)),
                "emergency_contact": f"家属 13{rng.choice('3589')}{rng.randrange(10**7, 10**8)}",
                "notes": "", "active": person.active, "created_at": company.now,
            })
            people.append(person)
    ids = session.scalars(insert(Employee).returning(Employee.id, sort_by_parameter_order=True), rows).all()
    for person, ident in zip(people, ids):
        person.id = ident
    by_username = {p.username: p for p in people}

    # Heads, deputies in charge and a substitute for every post (another active member).
    dept_updates, post_updates = [], []
    for plan in plans:
        head = next(p for p in plan.people if p.rank != "staff")
        dept_updates.append({"id": plan.id, "head_id": head.id,
                             "deputy_id": by_username[plan.deputy].id if plan.deputy else None})
        for title, post_id in plan.post_ids.items():
            if plan.kind == "leadership":
                leaders = [p for p in plan.people if p.rank == "deputy_manager"]
                holder = next(p for p in plan.people if p.post == title)
                candidates = [p for p in leaders if p is not holder]
            else:
                candidates = [p for p in plan.people if p.post != title and p.active]
                staff = [p for p in candidates if p.rank == "staff"]
                candidates = staff if title == plan.posts[0][0] and staff else candidates
            post_updates.append({"id": post_id, "substitute_id": rng.choice(candidates).id})
    session.execute(update(Department), dept_updates)
    session.execute(update(Post), post_updates)

    company.accounts = {u: by_username[u].id for u in ROLE_ACCOUNTS}
    company.employee_ids = list(ids)
    company.department_ids = list(dept_ids)
    # Landmarks for the page registry: the largest department, one of its rank and file, and
    # its head's username (a page's role may be "{largest_head}").
    member = next(p for p in largest.people if p.rank == "staff" and p.active and p.login)
    company.landmarks.update(department_id=largest.id, employee_id=member.id, largest_head=largest_head.username)

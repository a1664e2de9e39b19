"""Loading the organisation for pages: each function is one or two SQL statements."""

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import Row, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from .. import derived_cache, request_cache
from ..extensions import db
from ..prepared import Asked, prepared
from . import rules
from .models import Department, Employee, OrgChange, Post
from .rules import RANKS

# Leaders first inside a department, then by pinyin.
RANK_ORDER = case({r: i for i, r in enumerate(reversed(RANKS))}, value=Employee.rank)


def directory(query: str, department_id: int | None, limit: int) -> list[Employee]:
    stmt = (
        select(Employee)
        .join(Employee.department)
        .outerjoin(Employee.post)
        .options(contains_eager(Employee.department),
                 contains_eager(Employee.post).joinedload(Post.substitute),
                 contains_eager(Employee.post).defer(Post.duties),  # long texts the list
                 contains_eager(Employee.post).defer(Post.goals))   # does not show
        .where(Employee.active)
        .order_by(Department.sort_order, Department.id, RANK_ORDER, Employee.name_pinyin)
        .limit(limit)
    )
    kind, term = rules.classify_query(query)
    if kind == "name":
        stmt = stmt.where(or_(Employee.name.contains(term, autoescape=True),
                              Post.title.contains(term, autoescape=True)))
    elif kind == "pinyin":
        stmt = stmt.where(or_(Employee.name_initials.startswith(term, autoescape=True),
                              Employee.name_pinyin.contains(term, autoescape=True),
                              Employee.username.startswith(term, autoescape=True)))
    elif kind == "phone":
        stmt = stmt.where(or_(Employee.phone.contains(term, autoescape=True),
                              func.replace(Employee.office_phone, "-", "").contains(term, autoescape=True)))
    if department_id:
        stmt = stmt.where(Employee.department_id == department_id)
    return list(db.session.scalars(stmt))


def departments_with_counts() -> list[tuple[Department, int]]:
    counts = (select(Employee.department_id, func.count().label("n"))
              .where(Employee.active).group_by(Employee.department_id).subquery())
    rows = db.session.execute(
        select(Department, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.department_id == Department.id)
        .options(joinedload(Department.head), joinedload(Department.deputy))
        .where(Department.active)
        .order_by(Department.sort_order, Department.id)
    ).all()
    return [(d, n) for d, n in rows]


def departments(ids: Collection[int] | None = None) -> list[Department]:
    """Active departments in the usual order; only those among `ids` when given."""
    if ids is None:
        return list(db.session.scalars(_active_departments()))
    return list(db.session.scalars(_active_departments().where(Department.id.in_(set(ids) or {-1}))))


class DepartmentOption(NamedTuple):
    id: int
    name: str


def department_options() -> list[DepartmentOption]:
    """The active departments as a filter's options (id and name), kept per worker while the
    organisation stands: the board and the directory offer them on every visit."""
    return derived_cache.remembered("department_options", None, lambda: [
        DepartmentOption(d.id, d.name) for d in db.session.execute(
            select(Department.id, Department.name).where(Department.active)
            .order_by(Department.sort_order, Department.id))])


@prepared
def _active_departments() -> Select:
    # Every page with a department filter asks for this list: built once.
    return select(Department).where(Department.active).order_by(Department.sort_order, Department.id)


def charge_of(user_id: int) -> tuple[frozenset[int], frozenset[int]]:
    """(active departments the user heads, those they oversee as deputy manager); once per request."""
    def load():
        rows = db.session.execute(select(Department.id, Department.head_id, Department.deputy_id).where(
            Department.active, or_(Department.head_id == user_id, Department.deputy_id == user_id))).all()
        return (frozenset(r.id for r in rows if r.head_id == user_id),
                frozenset(r.id for r in rows if r.deputy_id == user_id))
    return request_cache.once("charge_of", user_id, load)


def heads_a_department(user_id: int) -> bool:
    return bool(charge_of(user_id)[0])


def people(ids: Collection[int]) -> dict[int, Employee]:
    """These employees (with their departments), by id."""
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(
        select(Employee).options(joinedload(Employee.department)).where(Employee.id.in_(set(ids))))}


def active_person(employee_id: int) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.id == employee_id, Employee.active))


def record(model, ident: int):
    """A department, post or employee by id (None when there is none)."""
    return db.session.get(model, ident)


def department_name_taken(name: str, except_id: int | None) -> bool:
    return db.session.scalar(select(Department.id).where(
        Department.name == name, Department.id != (except_id or 0)).limit(1)) is not None


def username_taken(username: str, except_id: int | None) -> bool:
    return db.session.scalar(select(Employee.id).where(
        Employee.username == username, Employee.id != (except_id or 0)).limit(1)) is not None


def department_members(department_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee)
        .options(joinedload(Employee.post).joinedload(Post.substitute))
        .where(Employee.department_id == department_id, Employee.active)
        .order_by(RANK_ORDER, Employee.name_pinyin)))


def employee_profile(employee_id: int) -> Employee | None:
    return db.session.scalar(
        select(Employee)
        .options(joinedload(Employee.department).joinedload(Department.head),
                 joinedload(Employee.department).joinedload(Department.deputy),
                 joinedload(Employee.post).joinedload(Post.substitute))
        .where(Employee.id == employee_id))


def viewer(user: Employee) -> rules.Viewer:
    """The plain-value description of a user that the access rules need (one query)."""
    headed, overseen = charge_of(user.id)
    return rules.Viewer(id=user.id, rank=user.rank, roles=user.role_set,
                        headed_department_ids=headed, overseen_department_ids=overseen)


def people_for_choice(department_ids: Collection[int] | None = None) -> list[tuple[int, str, str]]:
    """(id, name, department name) of every active employee (of these departments), in directory order."""
    stmt = (select(Employee.id, Employee.name, Department.name).join(Employee.department).where(Employee.active)
            .order_by(Department.sort_order, Department.id, RANK_ORDER, Employee.name_pinyin))
    if department_ids is not None:
        stmt = stmt.where(Employee.department_id.in_(set(department_ids) or {-1}))
    return [tuple(r) for r in db.session.execute(stmt).all()]


def posts_for_choice() -> list[tuple[int, str, str]]:
    """(id, title, department name) of every active post."""
    return [tuple(r) for r in db.session.execute(
        select(Post.id, Post.title, Department.name).join(Post.department)
        .where(Post.active).order_by(Department.sort_order, Department.id, Post.sort_order)).all()]


def duties_held(employee_id: int) -> tuple[list[str], list[str]]:
    """Departments the employee heads or oversees, and posts they substitute for."""
    departments = db.session.scalars(select(Department.name).where(
        Department.active, or_(Department.head_id == employee_id, Department.deputy_id == employee_id))).all()
    posts = db.session.scalars(select(Post.title).where(
        Post.active, Post.substitute_id == employee_id)).all()
    return list(departments), list(posts)


def department_page(department_id: int) -> Department | None:
    return db.session.scalar(
        select(Department)
        .options(joinedload(Department.head), joinedload(Department.deputy),
                 selectinload(Department.posts).joinedload(Post.substitute))
        .where(Department.id == department_id))


def lacks_substitute():
    """SQL: a post without a substitute in effect — none named, or the one named is its only
    (active) holder: "未指定代岗人" (regulation 4)."""
    holders = (select(func.count()).select_from(Employee)
               .where(Employee.post_id == Post.id, Employee.active).scalar_subquery())
    named_holds_it = (select(Employee.id).where(Employee.id == Post.substitute_id, Employee.post_id == Post.id,
                                                Employee.active).exists())
    return or_(Post.substitute_id.is_(None), and_(named_holds_it, holders == 1))


def posts_without_substitute() -> list[Post]:
    return list(db.session.scalars(
        select(Post).join(Post.department)
        .options(contains_eager(Post.department), joinedload(Post.substitute))
        .where(Post.active, lacks_substitute())
        .order_by(Department.sort_order, Department.id, Post.sort_order)))


def holder_ids(post_id: int) -> list[int]:
    """The active employees holding a post."""
    return list(db.session.scalars(select(Employee.id).where(Employee.post_id == post_id, Employee.active)))


def accounts_needing_attention() -> tuple[list[Employee], list[Employee]]:
    """Deactivated employees, and active ones who have no password yet (one query)."""
    people = db.session.scalars(
        select(Employee).options(joinedload(Employee.department))
        .where(or_(~Employee.active, Employee.password_hash.is_(None)))
        .order_by(Employee.name_pinyin)).all()
    return [p for p in people if not p.active], [p for p in people if p.active]


def departments_in_charge(user: Employee) -> list[tuple[Row, int]]:
    """The departments a leader answers for, with their head counts: all for the GM, else
    those they head or oversee (id and name only: the home page links them)."""
    if user.rank == "staff":
        return []
    rows = db.session.connection().execute(_in_charge(of_everything=user.rank == "general_manager"),
                                           {"in_charge_of": user.id}).all()
    return [(row, row.people) for row in rows]


@prepared
def _in_charge(of_everything: bool) -> Select:
    counts = (select(func.count()).where(Employee.department_id == Department.id, Employee.active)
              .correlate(Department).scalar_subquery())
    stmt = (select(Department.id, Department.name, counts.label("people")).where(Department.active)
            .order_by(Department.sort_order, Department.id))
    if of_everything:
        return stmt
    leader = bindparam("in_charge_of")
    return stmt.where(or_(Department.head_id == leader, Department.deputy_id == leader))


def org_changes(limit: int) -> list[OrgChange]:
    """The latest changes of who approves what, newest first."""
    return list(db.session.scalars(
        select(OrgChange).options(joinedload(OrgChange.changed_by))
        .order_by(OrgChange.changed_at.desc(), OrgChange.id.desc()).limit(limit)))


def names_in(changes: list[OrgChange]) -> dict[tuple[str, int], str]:
    """The names the log shows: ("employee" | "department" | "post", id) -> name (three statements)."""
    ids = {subject: {c.subject_id for c in changes if c.subject == subject} for subject in ("employee", "department", "post")}
    ids["employee"] |= {int(v) for c in changes if c.field in ("head", "deputy", "substitute")
                        for v in (c.old_value, c.new_value) if v.isdigit()}
    names = {("employee", i): n for i, n in db.session.execute(
        select(Employee.id, Employee.name).where(Employee.id.in_(ids["employee"] or {-1})))}
    names |= {("department", i): n for i, n in db.session.execute(
        select(Department.id, Department.name).where(Department.id.in_(ids["department"] or {-1})))}
    names |= {("post", i): f"{d} · {t}" for i, t, d in db.session.execute(
        select(Post.id, Post.title, Department.name).join(Post.department).where(Post.id.in_(ids["post"] or {-1})))}
    return names


def organisation_gap_queries() -> tuple[Asked, Asked, Asked]:
    """Queries of one number each: active posts without a usable substitute, departments
    without a head (the leadership has none), active employees without a login."""
    return tuple(Asked(statement) for statement in _organisation_gaps())


@prepared
def _organisation_gaps() -> tuple[Select, Select, Select]:
    return (select(func.count()).select_from(Post).where(Post.active, lacks_substitute()),
            select(func.count()).select_from(Department).where(
                Department.active, Department.head_id.is_(None), Department.kind != "leadership"),
            select(func.count()).select_from(Employee).where(Employee.active, Employee.password_hash.is_(None)))


# Figures kept in derived_cache follow the organisation: who is in which department, who
# oversees it, who holds which post (changes of approval powers are logged in org_changes).
derived_cache.follow(OrgChange, Employee, Department)

"""Loading the yearly accounts for pages: each function is one SQL statement."""

from collections.abc import Collection

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import contains_eager, defer, joinedload

from .. import derived_cache
from ..extensions import db
from ..prepared import Asked, prepared
from ..staff.models import Department, Employee, Post
from ..staff.queries import RANK_ORDER
from .models import YearlyReview


def holder(employee_id: int) -> Employee | None:
    """The user with their post (its duties and goals) and department."""
    return db.session.scalar(select(Employee).options(joinedload(Employee.post), joinedload(Employee.department))
                             .where(Employee.id == employee_id))


def own(employee_id: int, year: int) -> YearlyReview | None:
    return db.session.scalar(select(YearlyReview).options(joinedload(YearlyReview.commented_by))
                             .where(YearlyReview.employee_id == employee_id, YearlyReview.year == year))


def years_of(employee_id: int) -> list[YearlyReview]:
    """The holder's accounts, newest first (without their texts)."""
    return list(db.session.scalars(
        select(YearlyReview).options(defer(YearlyReview.account), defer(YearlyReview.duties),
                                     defer(YearlyReview.goals), defer(YearlyReview.comment))
        .where(YearlyReview.employee_id == employee_id).order_by(YearlyReview.year.desc())))


def review_page(review_id: int) -> YearlyReview | None:
    return db.session.scalar(
        select(YearlyReview)
        .options(joinedload(YearlyReview.employee).joinedload(Employee.department),
                 joinedload(YearlyReview.commented_by))
        .where(YearlyReview.id == review_id))


def _holders():
    """Active employees holding an active post, in active departments."""
    return (select(Employee).join(Employee.department).join(Post, Post.id == Employee.post_id)
            .where(Employee.active, Post.active, Department.active))


def overview(department_ids: Collection[int] | None, year: int) -> list[tuple[Employee, YearlyReview | None]]:
    """Every post holder (of these departments) with their account of `year`, or None."""
    stmt = (_holders().add_columns(YearlyReview)
            .outerjoin(YearlyReview, and_(YearlyReview.employee_id == Employee.id, YearlyReview.year == year))
            .options(contains_eager(Employee.department), contains_eager(Employee.post).defer(Post.duties),
                     contains_eager(Employee.post).defer(Post.goals), defer(YearlyReview.account),
                     defer(YearlyReview.duties), defer(YearlyReview.goals), defer(YearlyReview.comment))
            .order_by(Department.sort_order, Department.id, RANK_ORDER, Employee.name_pinyin))
    if department_ids is not None:
        stmt = stmt.where(Employee.department_id.in_(set(department_ids) or {-1}))
    return [tuple(row) for row in db.session.execute(stmt).all()]


def overview_facts(department_ids: Collection[int] | None, year: int) -> list[tuple]:
    """`overview` as the columns that decide each account's state and commenter: (employee_id,
    rank, department_id, head_id, deputy_id, written, commented) — a thousand post holders
    without loading one of them (the company's overview is a line per department), kept per
    worker while the people and their accounts stand (the same for everyone given the scope)."""
    scope = None if department_ids is None else frozenset(department_ids)
    return derived_cache.remembered("review_overview_facts", (scope, year), lambda: _overview_facts(scope, year))


def _overview_facts(department_ids: frozenset[int] | None, year: int) -> list[tuple]:
    stmt = (select(Employee.id.label("employee_id"), Employee.rank, Employee.department_id, Department.head_id,
                   Department.deputy_id, YearlyReview.id.is_not(None).label("written"),
                   YearlyReview.commented_at.is_not(None).label("commented"))
            .join(Employee.department).join(Post, Post.id == Employee.post_id)
            .outerjoin(YearlyReview, and_(YearlyReview.employee_id == Employee.id, YearlyReview.year == year))
            .where(Employee.active, Post.active, Department.active))
    if department_ids is not None:
        stmt = stmt.where(Employee.department_id.in_(set(department_ids) or {-1}))
    return [tuple(row) for row in db.session.execute(stmt).all()]


derived_cache.follow(YearlyReview)     # besides the people, departments and posts (followed by staff)


def missing_count_query(year: int) -> Asked:
    """Post holders who have not written their account of `year`."""
    return Asked(_missing_count(), {"reviews_year": year})


@prepared
def _missing_count() -> Select:
    written = exists().where(YearlyReview.employee_id == Employee.id, YearlyReview.year == bindparam("reviews_year"))
    return select(func.count()).select_from(_holders().where(~written).subquery())


def uncommented(year: int, commenter_id: int, gm: bool, also_of: int | None = None,
                ) -> list[tuple[int, int, str, int | None, int | None]]:
    """(review id, holder id, holder rank, head id, deputy id of the holder's department) of
    the accounts of `year` written and not yet commented on that `commenter_id` may have to
    comment on (rules.commenter decides; the general manager's are those of deputy managers and
    of departments without a head or headed by him) — and `also_of`'s own, whatever its state
    (the home page asks both at once)."""
    statement = _uncommented(gm=gm, also_own=also_of is not None)
    return [tuple(r) for r in db.session.execute(
        statement, {"uncommented_year": year, "uncommented_by": commenter_id, "uncommented_own": also_of}).all()]


@prepared
def _uncommented(gm: bool, also_own: bool) -> Select:
    commenter = bindparam("uncommented_by")
    if gm:
        maybe = or_(Employee.rank == "deputy_manager", Department.head_id.is_(None), Department.head_id == Employee.id,
                    Department.head_id == commenter)
    else:
        maybe = or_(Department.head_id == commenter, Department.deputy_id == commenter)
    wanted = and_(YearlyReview.commented_at.is_(None), maybe)
    if also_own:
        wanted = or_(wanted, YearlyReview.employee_id == bindparam("uncommented_own"))
    return (select(YearlyReview.id, Employee.id, Employee.rank, Department.head_id, Department.deputy_id)
            .join(Employee, Employee.id == YearlyReview.employee_id).join(Employee.department)
            .where(YearlyReview.year == bindparam("uncommented_year"), Employee.active, wanted))

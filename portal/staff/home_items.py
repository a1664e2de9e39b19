"""The staff area's items on the home page: gaps in the organisation that someone must fill."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..home.panels import Waiting, provider
from .models import Department, Employee, Post
from .queries import lacks_substitute


@provider
def organisation_gaps(user) -> list[Waiting]:
    if not user.has_role("admin", "office"):
        return []
    no_substitute, no_head, no_account = db.session.execute(select(
        select(func.count()).select_from(Post).where(Post.active, lacks_substitute()).scalar_subquery(),
        select(func.count()).select_from(Department).where(
            Department.active, Department.head_id.is_(None), Department.kind != "leadership").scalar_subquery(),
        select(func.count()).select_from(Employee).where(
            Employee.active, Employee.password_hash.is_(None)).scalar_subquery(),
    )).one()
    admin = url_for("staff.admin_index")
    return [
        Waiting(_l("Posts without a substitute"), no_substitute, admin + "#posts"),
        Waiting(_l("Departments without a head"), no_head, admin + "#departments"),
        Waiting(_l("Employees without a login"), no_account, admin + "#accounts"),
    ]

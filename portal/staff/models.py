"""The organisation: departments, posts with written duties and a substitute, employees."""

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..clock import utcnow

from .rules import ROLES


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="section")
    phone: Mapped[str | None] = mapped_column(String(30))
    location: Mapped[str | None] = mapped_column(String(60))
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", use_alter=True, ondelete="SET NULL")
    )
    # 分管经理: the deputy manager who oversees this department.
    deputy_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", use_alter=True, ondelete="SET NULL")
    )
    sort_order: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)

    head: Mapped["Employee | None"] = relationship(foreign_keys=[head_id])
    deputy: Mapped["Employee | None"] = relationship(foreign_keys=[deputy_id])
    posts: Mapped[list["Post"]] = relationship(back_populates="department", order_by="Post.sort_order")


class Post(db.Model):
    """A post 岗位 with its written duties (regulation 4) and its substitute 代岗人."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    title: Mapped[str] = mapped_column(String(50))
    duties: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    substitute_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", use_alter=True, ondelete="SET NULL")
    )
    sort_order: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)

    department: Mapped[Department] = relationship(back_populates="posts")
    substitute: Mapped["Employee | None"] = relationship(foreign_keys=[substitute_id])
    holders: Mapped[list["Employee"]] = relationship(
        back_populates="post", foreign_keys="Employee.post_id"
    )


class Employee(UserMixin, db.Model):
    """An employee; also the login account (an employee without a password cannot log in)."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(20))
    name_pinyin: Mapped[str] = mapped_column(String(80), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(20), default="", index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    office_phone: Mapped[str | None] = mapped_column(String(20))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    rank: Mapped[str] = mapped_column(String(20), default="staff")
    roles: Mapped[str] = mapped_column(String(120), default="")  # space-separated ROLES
    hire_date: Mapped[date | None]
    emergency_contact: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Set when an administrator sets the password: the person chooses their own at next login.
    password_must_change: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship(foreign_keys=[department_id])
    post: Mapped[Post | None] = relationship(back_populates="holders", foreign_keys=[post_id])

    # Set by the session loader: the server-side session this request belongs to.
    session_token = None

    def get_id(self) -> str | None:  # Flask-Login keeps the session token, not the user id
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_set(self) -> frozenset[str]:
        # asked by every access check of a page (the menu alone makes a few dozen): split once
        # per value of `roles`
        roles = self.roles
        known = self.__dict__.get("_role_set")
        if known is None or known[0] != roles:
            known = self.__dict__["_role_set"] = (roles, frozenset(roles.split()))
        return known[1]

    def has_role(self, *names: str) -> bool:
        return not self.role_set.isdisjoint(names)

    def set_roles(self, names) -> None:
        unknown = set(names) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        self.roles = " ".join(r for r in ROLES if r in set(names))

    @property
    def substitute(self) -> "Employee | None":
        """Their post's substitute (代岗人); nobody when that is themself."""
        substitute = self.post.substitute if self.post else None
        return None if substitute is None or substitute.id == self.id else substitute


class OrgChange(db.Model):
    """One change to who approves what — a rank, roles, a department's head or deputy in
    charge, a post's substitute: who changed it, when, from what to what. Never changed or
    deleted (database triggers)."""

    __tablename__ = "org_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    subject: Mapped[str] = mapped_column(String(12))      # employee | department | post
    subject_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(20))        # rank | roles | head | deputy | substitute
    old_value: Mapped[str] = mapped_column(String(200), default="")
    new_value: Mapped[str] = mapped_column(String(200), default="")

    changed_by: Mapped[Employee] = relationship(foreign_keys=[changed_by_id])

"""The yearly account of duties (述职, regulation 4 §9)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Employee, Post


class YearlyReview(db.Model):
    """A post holder's account of a year: how they carried out their post's written duties
    and goals, which are kept as they stood when it was written (the post may change later),
    and the comment of the head of their department (rules.commenter). The holder changes it
    until it has been commented on."""

    __tablename__ = "yearly_reviews"
    __table_args__ = (UniqueConstraint("employee_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    year: Mapped[int] = mapped_column(index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    post_title: Mapped[str] = mapped_column(String(50), default="")
    duties: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    account: Mapped[str] = mapped_column(Text, default="")
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    commented_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    commented_at: Mapped[datetime | None]

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    post: Mapped[Post | None] = relationship()
    commented_by: Mapped[Employee | None] = relationship(foreign_keys=[commented_by_id])

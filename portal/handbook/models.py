"""The regulations: each change is a revision with an effective date; employees acknowledge
the revision they read."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..staff.models import Employee
from ..clock import utcnow

AUDIENCES = ("staff", "public")  # public: also shown to residents without logging in


class Regulation(db.Model):
    __tablename__ = "regulations"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    audience: Mapped[str] = mapped_column(String(10), default="staff")

    revisions: Mapped[list["RegulationRevision"]] = relationship(
        back_populates="regulation", order_by="RegulationRevision.revision_no")


class RegulationRevision(db.Model):
    __tablename__ = "regulation_revisions"
    __table_args__ = (UniqueConstraint("regulation_id", "revision_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(ForeignKey("regulations.id"), index=True)
    revision_no: Mapped[int]
    title: Mapped[str] = mapped_column(String(60))
    preamble: Mapped[str] = mapped_column(Text, default="")
    # [{"label": "一、", "text": "…"}, …] in order; an article's anchor is its position.
    articles: Mapped[list] = mapped_column(JSON)
    closing: Mapped[str] = mapped_column(Text, default="")
    effective_date: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")       # what changed and why
    # Corrections of the source text (the first revision's errata): [{"article", "original", "corrected", "reason"}]
    errata: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))

    regulation: Mapped[Regulation] = relationship(back_populates="revisions")
    created_by: Mapped[Employee | None] = relationship()


class Acknowledgement(db.Model):
    """An employee has read this revision ("我已阅读")."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("employee_id", "revision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("regulation_revisions.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)

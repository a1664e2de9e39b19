"""The ledger of decisions: one row per decided item, never changed afterwards."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Employee


class Decision(db.Model):
    """An approver's decision on an item of some area ("leave", "notice", "overtime", …).
    At most one per item: the database refuses a second (the race backstop)."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("subject", "subject_id", name="uq_decisions_subject_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(12))          # approved / refused
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    decided_by: Mapped[Employee] = relationship(foreign_keys=[decided_by_id])
    on_behalf_of: Mapped[Employee | None] = relationship(foreign_keys=[on_behalf_of_id])

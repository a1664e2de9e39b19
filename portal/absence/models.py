"""Leave-post notices (regulation 7 离岗告知制度) and the office's presence checks."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..staff.models import Employee
from ..clock import utcnow

NOTICE_STATES = ("pending", "approved", "refused", "returned", "unreturned")   # unreturned: closed by the end-of-day sweep
REASON_CATEGORIES = ("business", "meeting", "site_visit", "bank_or_government", "medical", "personal")


class LeavePostNotice(db.Model):
    """Stepping away from one's post for up to half a day. The free text is private to the
    approver and the office; the board and the away card show only the category."""

    __tablename__ = "leave_post_notices"
    __table_args__ = (Index("ix_leave_post_notices_state_left", "state", "left_at"),
                      # Notices still open (not returned): a few among years of returned ones.
                      Index("ix_leave_post_notices_open", "returned_at", "state", "left_at"),
                      Index("ix_leave_post_notices_employee_open", "employee_id", "returned_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    details: Mapped[str] = mapped_column(Text, default="")        # private: approver and office only
    left_at: Mapped[datetime]                                     # UTC
    expected_back: Mapped[datetime]                               # UTC
    returned_at: Mapped[datetime | None]                          # UTC
    substitute_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    state: Mapped[str] = mapped_column(String(12), default="pending")
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))   # who should decide
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    return_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    status_token: Mapped[str] = mapped_column(String(32), unique=True)  # for the card's QR code link
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    substitute: Mapped[Employee | None] = relationship(foreign_keys=[substitute_id])
    approver: Mapped[Employee | None] = relationship(foreign_keys=[approver_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])


class PresenceCheck(db.Model):
    """The office found someone away from their post without a notice (regulation 7 §4), or
    at it. Never changed or deleted (database triggers): a finding taken back within the
    minute (rules.UNDO_WINDOW) is a later check, found "withdrawn", naming it in withdraws_id —
    unique, so that of two undos at the same moment one is saved."""

    __tablename__ = "presence_checks"
    __table_args__ = (Index("ux_presence_checks_withdraws_id", "withdraws_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    found: Mapped[str] = mapped_column(String(24))     # "at_post" / "away_without_notice" / "withdrawn"
    note: Mapped[str] = mapped_column(String(200), default="")
    withdraws_id: Mapped[int | None]                   # the check a "withdrawn" one takes back

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])


NOTICE_EVENT_KINDS = ("filed", "registered", "returned", "closed", "return_recorded")


class NoticeEvent(db.Model):
    """The history of a leave-post notice besides its decision (which is in the decisions
    ledger): filed; registered (the general manager's own, approved by being filed); returned
    (detail "late" or "on_time"); closed by the end-of-day sweep, nobody back (detail "absent"
    when it made 旷工, else ""); return_recorded by the office or the head, with the real time
    (detail: the outcome "on_time", "late" or "absent"). Never changed or deleted (database
    triggers)."""

    __tablename__ = "notice_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("leave_post_notices.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))                   # NOTICE_EVENT_KINDS
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    detail: Mapped[str] = mapped_column(String(200), default="")

    actor: Mapped[Employee | None] = relationship(foreign_keys=[actor_id])

"""The holiday schedules the office enters, one row per entry: entering a year again adds a
row (the history is kept); the latest row of a year is the one in force."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Employee


class HolidaySchedule(db.Model):
    """The State Council's holiday schedule of `year` as the office entered it: the days off
    and the make-up working days (调休上班), ISO dates one per line."""

    __tablename__ = "holiday_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    holidays: Mapped[str] = mapped_column(Text, default="")
    workdays: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    entered_by: Mapped[Employee] = relationship(foreign_keys=[entered_by_id])

"""Company settings that the administrator sets and the areas read (e.g. the daily
holiday-duty allowance, which the regulation leaves blank)."""

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

HOLIDAY_ALLOWANCE = "holiday_allowance"  # yuan per day of approved holiday duty/overtime


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


def get_setting(key: str, default: str | None = None) -> str | None:
    value = db.session.scalar(select(Setting.value).where(Setting.key == key))
    return value if value not in (None, "") else default


def set_setting(key: str, value: str) -> None:
    row = db.session.get(Setting, key) or Setting(key=key)
    row.value = value
    db.session.add(row)

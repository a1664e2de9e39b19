"""Times are stored as naive UTC and shown in the company's zone (Asia/Shanghai)."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE)


def local_today(now_utc: datetime | None = None) -> date:
    return to_local(now_utc or utcnow()).date()

"""The one module that reads the clock. Everything else asks it; rules take `now`/`today`
as arguments.

Times are stored as naive UTC and shown in the company's zone (Asia/Shanghai). Tests (and
a demo on a chosen day) move the clock with `travel_to`: time keeps running from the
instant given, so timeouts and durations behave as in real life.
"""

from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")

_offset = timedelta(0)   # how far the portal's clock is from the machine's (travel_to)


def _machine_utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def utcnow() -> datetime:
    """Now, as naive UTC (how times are stored)."""
    return _machine_utcnow() + _offset


def to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE)


def local_today(now_utc: datetime | None = None) -> date:
    """Today's date in the company's zone."""
    return to_local(now_utc or utcnow()).date()


def local_to_utc(local_naive: datetime) -> datetime:
    """A naive local (Asia/Shanghai) time as naive UTC."""
    return local_naive.replace(tzinfo=LOCAL_ZONE).astimezone(timezone.utc).replace(tzinfo=None)


def parse_instant(text: str) -> datetime:
    """"2027-01-04T09:30" (local time) or "…Z"/"…+00:00" -> naive UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        return local_to_utc(value)
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def set_offset_to(instant_utc: datetime) -> None:
    """From now on the clock reads `instant_utc` and runs on from there."""
    global _offset
    _offset = instant_utc - _machine_utcnow()


@contextmanager
def travel_to(instant_utc: datetime):
    """Within the block, the clock starts at `instant_utc` (naive UTC) and keeps running."""
    global _offset
    before = _offset
    set_offset_to(instant_utc)
    try:
        yield
    finally:
        _offset = before

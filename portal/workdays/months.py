"""Calendar months and typed dates, for every area: pure, no database, no Flask."""

from datetime import date, timedelta

from .rules import FIRST_YEAR, LAST_YEAR


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, the day clamped to the month's end: 31 Jan + 1 = 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_first - timedelta(days=1)).day))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a calendar month."""
    first = date(year, month, 1)
    return first, add_months(first, 1) - timedelta(days=1)


def parse_month(text: str | None) -> tuple[int, int] | None:
    """"2026-11" -> (2026, 11); None for anything else (years FIRST_YEAR–LAST_YEAR)."""
    text = (text or "").strip()
    digits = text[:4] + text[5:]
    if len(text) != 7 or text[4] != "-" or not (digits.isascii() and digits.isdigit()):  # not "²⁰²⁶-¹¹"
        return None
    year, month = int(text[:4]), int(text[5:])
    return (year, month) if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12 else None


def parse_day(text) -> date | None:
    """"2026-11-29" -> that date; None for anything else."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None

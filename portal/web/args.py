"""Reading query-string arguments the same way on every page: bad values never raise."""

from datetime import date

from flask import request
from flask_babel import gettext as _

from ..workdays.months import parse_month


def int_arg(name: str) -> int | None:
    """A positive id from ?name=; None when absent or not a (reasonable) number. ASCII digits
    only: str.isdigit() also says yes to "²", which int() refuses."""
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def month_arg(today: date) -> tuple[int, int, str | None]:
    """The ?month= asked for (YYYY-MM), or this month with a message when it is not a month."""
    raw = request.args.get("month", "")
    parsed = parse_month(raw)
    if parsed:
        return parsed[0], parsed[1], None
    problem = _("“%(month)s” is not a month; showing this month.", month=raw[:20]) if raw else None
    return today.year, today.month, problem

"""Reading query-string arguments the same way on every page: bad values never raise."""

from datetime import date

from flask import request
from flask_babel import gettext as _

from ..workdays.months import parse_month


def _positive_id(value: str) -> int | None:
    """A (reasonable) positive number, or None. ASCII digits only: str.isdigit() also says yes
    to "²", which int() refuses; ten digits or more would not fit the database's integers."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def int_arg(name: str) -> int | None:
    """A positive id from ?name=; None when absent or not a number."""
    return _positive_id(request.args.get(name, ""))


def int_form(name: str) -> int | None:
    """A positive id from a posted field; None when absent or not a number."""
    return _positive_id(request.form.get(name, ""))


def month_arg(today: date) -> tuple[int, int, str | None]:
    """The ?month= asked for (YYYY-MM), or this month with a message when it is not a month."""
    raw = request.args.get("month", "")
    parsed = parse_month(raw)
    if parsed:
        return parsed[0], parsed[1], None
    problem = _("“%(month)s” is not a month; showing this month.", month=raw[:20]) if raw else None
    return today.year, today.month, problem

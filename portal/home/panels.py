"""What waits for a user on the home page. Each area registers a function that returns the
items it has for this user (a label, a count and a link); the home page shows those with a
count above zero first.

A count (or an item's urgency) may be given as a query of one number instead of the number:
the home page asks all such queries in a single statement, so that panels cost one
statement together rather than one each."""

from dataclasses import dataclass, replace
from typing import Callable

from sqlalchemy import Select, select

from ..extensions import db


@dataclass(frozen=True)
class Waiting:
    label: object
    count: int | Select
    url: str
    urgent: bool | Select = False    # a query: urgent when it counts more than zero


PROVIDERS: list[Callable[[object], list[Waiting]]] = []


def provider(func):
    PROVIDERS.append(func)
    return func


def waiting_for(user) -> list[Waiting]:
    items = _counted([item for p in PROVIDERS for item in p(user)])
    return sorted(items, key=lambda w: (not w.urgent, -w.count))


def _counted(items: list[Waiting]) -> list[Waiting]:
    """The items with every count given as a query asked — all in one statement."""
    queries = [value for item in items for value in (item.count, item.urgent) if isinstance(value, Select)]
    if not queries:
        return items
    answers = iter(db.session.execute(select(*(q.scalar_subquery() for q in queries))).one())
    counted = []
    for item in items:
        count = next(answers) or 0 if isinstance(item.count, Select) else item.count
        urgent = bool(next(answers)) if isinstance(item.urgent, Select) else item.urgent
        counted.append(replace(item, count=count, urgent=urgent))
    return counted

"""What waits for a user on the home page. Each area registers a function that returns the
items it has for this user (a label, a count and a link); the home page shows those with a
count above zero first.

A count (or an item's urgency) may be given as a prepared query of one number
(`portal.prepared.Asked`) instead of the number: the home page asks all such queries in a single
statement, built once per process for each combination of them, so that panels cost one
statement together rather than one each."""

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from sqlalchemy import Select, select

from ..extensions import db
from ..prepared import Asked


@dataclass(frozen=True)
class Waiting:
    label: object
    count: int | Asked
    url: str
    urgent: bool | Asked = False    # a query: urgent when it counts more than zero

    def __post_init__(self):
        if isinstance(self.count, Select) or isinstance(self.urgent, Select):
            raise TypeError(f"{self.label}: give a query as portal.prepared.Asked, not a bare statement")


PROVIDERS: list[Callable[[object], list[Waiting]]] = []
DECIDING: list[Callable[[object], list[Waiting]]] = []   # every item waits for the user's word


def provider(func=None, *, decides: bool = False):
    """Register a function giving a user's items. `decides=True`: each of its items is a decision
    waiting for the user (decided on /decisions); the 审批 badge counts those and asks no other."""
    def register(func):
        PROVIDERS.append(func)
        if decides:
            DECIDING.append(func)
        return func
    return register(func) if func else register


def waiting_for(user) -> list[Waiting]:
    items = _counted([item for p in PROVIDERS for item in p(user)])
    return sorted(items, key=lambda w: (not w.urgent, -w.count))


def decisions_waiting(user) -> int:
    """How many decisions wait for the user: the deciding providers' items, counted as on the home page."""
    return sum(item.count for item in _counted([item for p in DECIDING for item in p(user)]))


def _counted(items: list[Waiting]) -> list[Waiting]:
    """The items with every count given as a query asked — all in one statement."""
    queries = [value for item in items for value in (item.count, item.urgent) if isinstance(value, Asked)]
    if not queries:
        return items
    values: dict[str, object] = {}
    for query in queries:
        for name, value in query.values.items():
            if values.setdefault(name, value) != value:
                raise ValueError(f"placeholder {name!r} asked with two values: name it per statement")
    answers = iter(db.session.connection().execute(_together(tuple(q.statement for q in queries)), values).one())
    counted = []
    for item in items:
        count = next(answers) or 0 if isinstance(item.count, Asked) else item.count
        urgent = bool(next(answers)) if isinstance(item.urgent, Asked) else item.urgent
        counted.append(replace(item, count=count, urgent=urgent))
    return counted


@lru_cache(maxsize=256)
def _together(statements: tuple[Select, ...]) -> Select:
    """One statement asking prepared queries side by side; a role's home page asks the same ones."""
    return select(*(s.scalar_subquery() for s in statements))

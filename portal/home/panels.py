"""What waits for a user on the home page. Each area registers a function that returns the
items it has for this user (a label, a count and a link); the home page shows those with a
count above zero first."""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Waiting:
    label: object
    count: int
    url: str
    urgent: bool = False


PROVIDERS: list[Callable[[object], list[Waiting]]] = []


def provider(func):
    PROVIDERS.append(func)
    return func


def waiting_for(user) -> list[Waiting]:
    items = [item for p in PROVIDERS for item in p(user)]
    return sorted(items, key=lambda w: (not w.urgent, -w.count))

"""The reader's own schedule on the home page ("我的安排"): areas register what is planned for
this person — the next duty shift, a driver's next trips — each an entry that links to where
it is kept. Unlike the to-do list (counts of things to act on), an entry is a fact to know."""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Entry:
    label: object          # what it is ("My next duty shift")
    when: str              # "2026年12月5日 周六", "12-02 09:00–11:30"
    what: str = ""         # "公司值班", "冀C·A6288 县住建局"
    url: str | None = None


SOURCES: list[Callable[[object], list[Entry]]] = []


def source(func):
    """Register `func(user) -> [Entry]` (none when nothing is planned for the user)."""
    SOURCES.append(func)
    return func


def entries_for(user) -> list[Entry]:
    return [entry for find in SOURCES for entry in find(user)]

"""Every decision waiting for a user, from every area, on one page (/decisions) under one badge.

An area registers a source (`@source`): given the user, the sections of what waits for their
word — a title, the area's own row template (decided in place, as on the area's page), the
rows, and the area's page for more. The badge counts the home page's items of the providers
registered with `decides=True` (the same questions, asked as counts in one statement), so page and
badge agree.
"""

from dataclasses import dataclass
from typing import Callable

from ..web.access import Policy
from . import rules


@dataclass(frozen=True)
class Section:
    key: str               # the section's anchor on the page
    title: object
    template: str          # renders `rows` (the area's rows, in their list or table)
    rows: list
    more_url: str = ""     # the area's own page
    stylesheets: tuple[str, ...] = ()   # the area's, which style its rows
    total: int | None = None            # how many wait in all, where `rows` holds only the first SHOWN

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


SOURCES: list[Callable[[object], list[Section]]] = []
# Rows of a kind on the page, the most pressing first; all of them on the area's own page. A
# source loads SHOWN; the page shows them while few kinds wait and fewer (at least LEAST) when
# many do, about PAGE_ROWS in all: the GM's seven kinds at five each were 35 rows with their
# controls, several screens on a phone and over the page's time under load.
SHOWN = 5
LEAST = 3
PAGE_ROWS = 20


def source(func):
    SOURCES.append(func)
    return func


def sections_for(user) -> list[Section]:
    return [section for find in SOURCES for section in find(user) if section.rows]


def shown_of_each(sections: list[Section]) -> int:
    return rules.rows_per_kind(len(sections), SHOWN, PAGE_ROWS, LEAST)


# Everyone above plain staff decides something (their people's leave and notices, cars, …), and
# the office resolves leave approved over a 旷工; another employee only while standing in for
# someone away, which their home page tells them.
DECIDERS = Policy("decides", True, lambda user: user.rank != "staff" or user.has_role("office"))

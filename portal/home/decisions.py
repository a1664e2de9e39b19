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
# Rows of a kind on the page, the most pressing first; all of them on the area's own page. The
# GM decides seven kinds: at five each the page stays a screen or two on a phone and within its
# time (at ten, 45 rows with their controls took 20 ms of CPU, over the 50 ms p95 under load).
SHOWN = 5


def source(func):
    SOURCES.append(func)
    return func


def sections_for(user) -> list[Section]:
    return [section for find in SOURCES for section in find(user) if section.rows]


# Everyone above plain staff decides something (their people's leave and notices, cars, …), and
# the office resolves leave approved over a 旷工; another employee only while standing in for
# someone away, which their home page tells them.
DECIDERS = Policy("decides", True, lambda user: user.rank != "staff" or user.has_role("office"))

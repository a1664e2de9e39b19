"""The company in figures on a leader's home page ("公司此刻"): areas register what they can
say about the whole company now (people at post and away, cars out, tickets past their time
limit, the season's promises kept); each source names who sees it.

A source's figures are the same for everyone it is shown to, so the card is rendered once per
combination of sources and language, per worker, at most every FRESH_SECONDS, and forgotten at
once when this process commits (portal/web/fragments.py): a GM and two deputies opening their
home pages do not each count a thousand people."""

from dataclasses import dataclass
from typing import Callable

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from ..web.access import Policy, rank
from ..web.fragments import SharedFragment


@dataclass(frozen=True)
class Figure:
    label: object
    value: object               # a number, or a share already written ("98.5%")
    url: str | None = None
    alert: bool = False         # asks for attention now (shown in red when above zero)
    note: object = None         # a word under the value (the target, "this season")


@dataclass(frozen=True)
class Group:
    title: object
    figures: list[Figure]
    chart: str | None = None    # an SVG data URI (portal/public/charts.py)
    chart_label: object = None  # what the chart shows, for screen readers


@dataclass(frozen=True)
class Source:
    name: str
    shown_to: Policy
    order: int                  # the card's blocks go by it: people first, the season last
    make: Callable[[], Group | None]


LEADERSHIP = rank("general_manager", "deputy_manager")     # whom the card is for
SOURCES: list[Source] = []
FRESH_SECONDS = 30
CARD = SharedFragment(seconds=FRESH_SECONDS)


def source(shown_to: Policy, order: int):
    """Register `func() -> Group | None` (the whole company's figures; no user: the same for all)."""
    def register(func):
        SOURCES.append(Source(f"{func.__module__}.{func.__qualname__}", shown_to, order, func))
        SOURCES.sort(key=lambda s: s.order)
        return func
    return register


def card_for(user) -> Markup | None:
    """The rendered card of every source shown to `user`, or None when none is."""
    mine = tuple(s for s in SOURCES if s.shown_to.allows(user))
    if not mine:
        return None
    key = (str(get_locale()), tuple(s.name for s in mine))
    return Markup(CARD.get(key, lambda: render_template(
        "home/_figures.html", groups=[g for g in (s.make() for s in mine) if g is not None])))

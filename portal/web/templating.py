"""Jinja filters and the navigation, shared by every template."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from flask import Blueprint, Flask, current_app, g, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..staff.labels import KIND_LABELS, RANK_LABELS, ROLE_LABELS
from ..clock import to_local
from .. import areas
from .access import policies_for


def can_open(endpoint: str) -> bool:
    policies = policies_for(endpoint)
    if not policies:
        return False
    for policy in policies:
        if policy.login and not current_user.is_authenticated:
            return False
        if policy.login and not policy.allows(current_user):
            return False
    return True


@dataclass(frozen=True)
class NavLink:
    """A main-menu entry as the layout writes it."""
    item: areas.NavItem
    url: str
    label: str
    badge_url: str


def nav_links() -> list[NavLink]:
    """The main menu's entries this user may open. Their addresses and words are the same on
    every page a worker serves in one language, so they are made once (url_for and the catalogue
    for a dozen entries were a tenth of a millisecond of every page)."""
    every = _every_nav_link(current_app._get_current_object(), request.script_root, str(get_locale()))
    return [link for link in every if can_open(link.item.endpoint) and (
        link.item.shown_to is None or link.item.shown_to.allows(current_user))]


@lru_cache(maxsize=16)
def _every_nav_link(_app: Flask, _script_root: str, _locale: str) -> tuple[NavLink, ...]:
    return tuple(NavLink(item, url_for(item.endpoint), str(item.label),
                         url_for(item.badge_endpoint) if item.badge_endpoint else "")
                 for item in areas.nav_items())


def local_datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return to_local(value).strftime(fmt) if value else ""


def cn_date(value: date | None) -> str:
    if not value:
        return ""
    if str(get_locale()).startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def csrf_token() -> str:
    """Flask-WTF's token for the request. It keeps the token in `g` once made, but its own lookup
    reads the configuration each time, and a page of decisions asks once per row."""
    return g.get("csrf_token") or generate_csrf()


def tel_href(number: str) -> str:
    """A phone number as written ("0335-2021003") as a tel: link (tel:03352021003)."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def template_names(bp: Blueprint, **names) -> None:
    """Constants and pure helpers an area's templates use (labels, formatters), made Jinja
    globals when the area's blueprint is registered. Unlike a context processor they cost
    nothing per render, and a macro file imported without context (built once, then cached)
    sees them."""
    bp.record_once(lambda state: state.app.jinja_env.globals.update(names))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local"] = local_datetime
    app.jinja_env.filters["cn_date"] = cn_date
    app.jinja_env.globals["can_open"] = can_open
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["nav_links"] = nav_links
    app.jinja_env.globals["company_name"] = lambda: current_app.config["COMPANY_NAME"]
    app.jinja_env.globals["service_hotline"] = lambda: current_app.config.get("SERVICE_HOTLINE") or ""
    app.jinja_env.filters["tel_href"] = tel_href
    app.jinja_env.globals.update(RANK_LABELS=RANK_LABELS, ROLE_LABELS=ROLE_LABELS, KIND_LABELS=KIND_LABELS)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())

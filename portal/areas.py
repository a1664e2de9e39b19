"""The one list of areas. Each area describes itself in `portal/<area>/area.py` (`AREA =
Area(...)`): its blueprints, navigation entries, home-page panels, demo seeders, benchmark
builders and pages, and its stylesheets. A new area adds its package and one line here."""

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache

from flask import Flask

# In this order: navigation, demo seeding and benchmark builders follow it.
AREA_PACKAGES = ("auth", "home", "staff", "handbook", "public", "leave", "absence", "workdays", "reviews",
                 "vehicles", "hygiene", "service")


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    position: int = 50          # lower comes first in the main navigation
    badge_endpoint: str = ""    # a fragment route (a count) loaded by htmx, refreshed every 60 s
    shown_to: object = None     # a Policy: in the menu only for those it allows (the route may allow more)


@dataclass(frozen=True)
class Area:
    name: str
    blueprints: tuple[str, ...] = ()     # "module:attribute", relative to the area's package
    nav: tuple[NavItem, ...] = ()
    home: tuple[str, ...] = ()           # modules whose import registers home-page panels
    demo: tuple[str, ...] = ()           # demo seeder modules, in the order they build on each other
    bench: tuple[str, ...] = ()          # benchmark modules: builders and measured pages
    stylesheets: tuple[str, ...] = ()    # static/css/<name>.css, loaded on the area's own pages


def _module(area: Area, name: str):
    return importlib.import_module(f"portal.{area.name}.{name}")


@cache
def areas() -> tuple[Area, ...]:
    return tuple(importlib.import_module(f"portal.{name}.area").AREA for name in AREA_PACKAGES)


def import_models() -> None:
    """Import each area's models module, so that SQLAlchemy's metadata holds the whole schema."""
    for area in areas():
        if importlib.util.find_spec(f"portal.{area.name}.models"):
            _module(area, "models")


def nav_items() -> list[NavItem]:
    return sorted((item for area in areas() for item in area.nav), key=lambda item: item.position)


def demo_modules() -> list[str]:
    return [f"portal.{area.name}.{module}" for area in areas() for module in area.demo]


def bench_modules() -> list[str]:
    return [f"portal.{area.name}.{module}" for area in areas() for module in area.bench]


def stylesheets_by_blueprint() -> dict[str, tuple[str, ...]]:
    return {_blueprint_name(area, blueprint): area.stylesheets
            for area in areas() for blueprint in area.blueprints}


def _blueprint_name(area: Area, blueprint: str):
    module, attribute = blueprint.split(":")
    return getattr(_module(area, module), attribute).name


def register(app: Flask) -> None:
    """Every area's blueprints and home panels, in list order."""
    for area in areas():
        for blueprint in area.blueprints:
            module, attribute = blueprint.split(":")
            app.register_blueprint(getattr(_module(area, module), attribute))
        for module in area.home:
            _module(area, module)
    sheets = stylesheets_by_blueprint()
    app.jinja_env.globals["area_stylesheets"] = lambda blueprint: sheets.get(blueprint, ())

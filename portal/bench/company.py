"""A large synthetic company for the benchmark, built by a registry of builders.

Each area registers a builder (like the demo's SEEDERS) that adds its share of the
company to a freshly migrated, empty database: the organisation first (organisation.py),
later "two years of history" for leave, absence, attendance … A builder receives the
`Build` and must insert in bulk (`db.session.execute(insert(Model), rows)`), never one ORM
object at a time: the company has 1,000 people.

A builder may record landmarks (ids the measured pages need, e.g. a typical department)
in `build.landmarks`; pages.py uses them as placeholders in paths.
"""

import contextlib
import importlib
import io
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Callable

from flask import Flask
from flask_migrate import upgrade

from ..extensions import db
from ..clock import utcnow

SEED = 2004
BENCH_PASSWORD = "changli-bench-2004"
# The accounts the measurements log in as: the demo's usernames, with the same rank and roles.
ROLE_ACCOUNTS = ("admin", "gm", "deputy", "office-head", "office", "cs-head", "cs",
                 "invest-head", "staff", "branch-mgr", "guard", "driver", "inspector")
# Modules whose import registers builders, in the order they build on each other.
BUILDER_MODULES = ("portal.bench.organisation", "portal.bench.handbook", "portal.bench.leave")


@dataclass
class Build:
    employees: int                          # how many people the company has
    rng: random.Random
    now: datetime
    password: str = BENCH_PASSWORD          # of the ROLE_ACCOUNTS
    accounts: dict[str, int] = field(default_factory=dict)        # username -> employee id
    employee_ids: list[int] = field(default_factory=list)         # every employee
    department_ids: list[int] = field(default_factory=list)
    landmarks: dict[str, object] = field(default_factory=dict)    # for the page paths

    @property
    def departments(self) -> int:
        """40 departments for 1,000 people, proportionally fewer for a smaller company (min 8)."""
        return max(8, round(self.employees * 40 / 1000))


BUILDERS: list[Callable[[Build], None]] = []


def builder(func):
    BUILDERS.append(func)
    return func


@lru_cache(maxsize=None)
def password_hash(password: str) -> str:
    """scrypt is slow on purpose: hash each distinct password once per process."""
    from ..auth.passwords import hash_password
    return hash_password(password)


def build_company(app: Flask, employees: int, seed: int = SEED, now: datetime | None = None) -> Build:
    """Migrate the (empty) database of `app` and run every builder into it."""
    for module in BUILDER_MODULES:
        importlib.import_module(module)
    build = Build(employees=employees, rng=random.Random(seed), now=now or utcnow())
    with app.app_context():
        _quiet_upgrade()
        for func in BUILDERS:
            func(build)
            db.session.commit()
        db.session.remove()
    return build


def _quiet_upgrade() -> None:
    """Alembic logs every migration to stderr; show that only when a migration fails."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            upgrade()
    except BaseException:
        sys.stderr.write(captured.getvalue())
        raise

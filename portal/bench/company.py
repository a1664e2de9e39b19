"""A large synthetic company for the benchmark, built by the areas.

Each area that takes part has a bench module, `portal/<area>/bench.py`, named in its
`area.py` (`bench=("bench",)`) and listed by `portal.areas.bench_modules()`. It offers:

- `build(company: Build) -> None` — adds the area's share of the company to the freshly
  migrated database, after the areas before it in `AREA_PACKAGES` (the organisation
  first, then the handbook, two years of leave and attendance …). It inserts in bulk
  (`db.session.execute(insert(Model), rows)`), never one ORM object at a time: the company
  has 1,000 people. It uses the area's own rules (rules.py, routing, the working
  calendar), never a second copy of them. It may record landmarks (ids the measured pages
  need, e.g. a typical department) in `company.landmarks`.
- `PAGES` — the area's measured pages (`pages.page(...)`); their paths may name landmarks.
- `PDFS` (optional) — the area's timed PDFs (`pdfs.pdf(...)`).
"""

import contextlib
import importlib
import io
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import ModuleType

from flask import Flask
from flask_migrate import upgrade

from .. import areas
from ..clock import utcnow
from ..extensions import db

SEED = 2004
BENCH_PASSWORD = "changli-bench-2004"
# The accounts the measurements log in as: the demo's usernames, with the same rank and roles.
ROLE_ACCOUNTS = ("admin", "gm", "deputy", "office-head", "office", "cs-head", "cs",
                 "invest-head", "staff", "branch-mgr", "guard", "driver", "inspector")


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


def area_modules() -> list[ModuleType]:
    """Each area's bench module, in the order of the areas (they build on each other)."""
    return [importlib.import_module(name) for name in areas.bench_modules()]


@lru_cache(maxsize=None)
def password_hash(password: str) -> str:
    """scrypt is slow on purpose: hash each distinct password once per process."""
    from ..auth.passwords import hash_password
    return hash_password(password)


def build_company(app: Flask, employees: int, seed: int = SEED, now: datetime | None = None) -> Build:
    """Migrate the (empty) database of `app` and let every area's bench module build its share."""
    company = Build(employees=employees, rng=random.Random(seed), now=now or utcnow())
    with app.app_context():
        _quiet_upgrade()
        for module in area_modules():
            module.build(company)
            db.session.commit()
        db.session.remove()
    return company


def _quiet_upgrade() -> None:
    """Alembic logs every migration to stderr; show that only when a migration fails."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            upgrade()
    except BaseException:
        sys.stderr.write(captured.getvalue())
        raise

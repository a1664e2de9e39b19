"""Statements a page runs on every request, built once per process.

Building a SQLAlchemy statement and working out its cache key takes about 0.3 ms each time —
several times what SQLite needs to answer a count. A statement built once, with `bindparam`
placeholders for what changes from request to request, costs only its run. `@prepared` builds
it on first use (a builder may take hashable arguments that choose a variant: one statement
each); `Asked` pairs it with this request's values."""

from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Callable, Mapping, TypeVar

from sqlalchemy import Select, func

from .extensions import db

S = TypeVar("S", bound=Callable)


def prepared(build: S) -> S:
    return cache(build)


@dataclass(frozen=True)
class Asked:
    """A prepared query of one number and the values of its placeholders. Placeholder names are
    unique to their statement: the home page asks many at once, in one statement."""
    statement: Select
    values: Mapping[str, object] = field(default_factory=dict)

    def number(self) -> int:
        """The number, asked on its own."""
        return db.session.connection().execute(self.statement, dict(self.values)).scalar() or 0


def first_and_total(statement: Select, limit: int, values: Mapping[str, object] | None = None) -> tuple[list, int]:
    """The first `limit` entities `statement` finds, and how many it finds in all — one statement
    (a window count beside each row), where a list and its count would be two. Given a prepared
    statement (and its placeholders' `values`), the windowed statement is built once too."""
    rows = db.session.execute(_windowed(statement, limit), dict(values or {})).all()
    return [row[0] for row in rows], rows[0][1] if rows else 0


@lru_cache(maxsize=64)
def _windowed(statement: Select, limit: int) -> Select:
    # Keyed by the statement object itself: a prepared one is the same object on every request
    # (a statement built per request only passes through: the cache is bounded).
    return statement.add_columns(func.count().over()).limit(limit)

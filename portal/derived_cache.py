"""Figures derived from the history tables (absence alarms, leave approved over a 旷工 …),
kept in each worker process until that history changes.

Areas register a version of each table such a figure reads: a statement of one number that
changes with every change of the table — the largest id of a history table (database triggers
refuse UPDATE and DELETE there, so it grows with every change), a count. A request reads all
versions at once, in one statement; a figure asked under the same name and key (the user's
scope, the day) at the same versions comes from memory. A commit in this process forgets
everything (but a session's touch: `unchanged`); another process's commit shows as a new
version. The key must hold everything access control decides about the figure: it is shared by
every user asking with that key."""

from contextlib import contextmanager
from functools import cache
from typing import Callable, Hashable, TypeVar

from cachetools import LRUCache
from flask import current_app, has_app_context
from sqlalchemy import Select, TextClause, event, select, text

from . import request_cache
from .extensions import db
from .memo import Memo

T = TypeVar("T")
VERSIONS: dict[str, Select] = {}


def track(name: str, version: Select) -> None:
    """Register a version: a statement of one number that changes whenever `name` does."""
    VERSIONS[name] = version


def remembered(name: str, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s answer for (name, key), computed once per process for the current versions."""
    if not has_app_context():
        return load()
    store = current_app.extensions.setdefault("derived_cache", Memo(LRUCache(maxsize=512)))
    return store.get((name, key, versions()), load)


def version(name: str):
    """One registered version's value this request (read with all the others): a fact small
    enough to be its own version — who the general manager is — costs no statement of its own."""
    return versions()[sorted(VERSIONS).index(name)]


def versions() -> tuple:
    """Every registered version, read once per request (one statement)."""
    names = tuple(sorted(VERSIONS))
    return request_cache.once("derived_versions", names, lambda: tuple(db.session.execute(
        _statement(names, db.engine.dialect.name)).one()) if names else ())


@cache
def _statement(names: tuple[str, ...], dialect_name: str) -> TextClause:
    # Compiled once: building and keying a statement of a dozen subqueries costs more than running it.
    statement = select(*(VERSIONS[n].scalar_subquery() for n in names))
    return text(str(statement.compile(db.engine, compile_kwargs={"literal_binds": True})))


@contextmanager
def unchanged():
    """A commit inside changes nothing any figure is derived from (a session's last-seen time):
    the figures stand. Each signed-in person's session is touched once a minute, and forgetting
    every figure each time would have a worker recompute them every few requests."""
    db.session.info["derived_unchanged"] = True
    try:
        yield
    finally:
        db.session.info.pop("derived_unchanged", None)


def _forget(session) -> None:
    if session.info.get("derived_unchanged"):
        return
    if has_app_context():
        store = current_app.extensions.get("derived_cache")
        if store is not None:
            store.clear()


event.listen(db.session, "after_commit", _forget)

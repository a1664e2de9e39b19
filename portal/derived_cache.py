"""Figures derived from the history tables (absence alarms, leave approved over a 旷工 …),
kept in each worker process until that history changes.

Areas declare the tables such a figure reads (`follow`); the database raises one number,
`data_version`, whenever any of them changes (triggers: portal/migrations/change_counter.py),
so a request learns whether anything changed from one row, however large the tables grow. A
fact small enough to be its own version — who the general manager is — is registered as a
statement of one value (`track`) and read with it. A figure asked under the same name and key
(the user's scope, the day) at the same versions comes from memory. A commit in this process
forgets everything (but a session's touch: `unchanged`); another process's commit shows as a new
version. The key must hold everything access control decides about the figure: it is shared by
every user asking with that key. The reader's language is part of every key (a figure may hold
words: a report's totals are 合计 or Total)."""

from contextlib import contextmanager
from functools import cache
from typing import Callable, Hashable, TypeVar

from cachetools import LRUCache
from flask import current_app, has_app_context
from flask_babel import get_locale
from sqlalchemy import BigInteger, Select, TextClause, event, select, text
from sqlalchemy.orm import Mapped, mapped_column

from . import request_cache
from .extensions import db
from .memo import Memo

T = TypeVar("T")
VERSIONS: dict[str, Select] = {}
FOLLOWED: set[str] = set()      # the tables whose changes data_version counts


class DataVersion(db.Model):
    """One row: how many times the followed tables have changed (raised by the database)."""
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


def follow(*tables) -> None:
    """Figures are derived from these tables (models): their every change must be counted. The
    triggers come from migrations; tests/test_derived_cache.py holds the two lists together."""
    FOLLOWED.update(table.__tablename__ for table in tables)


def track(name: str, version: Select) -> None:
    """Register a fact read with the versions: a statement of one value."""
    VERSIONS[name] = version


def remembered(name: str, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s answer for (name, key), computed once per process for the current versions;
    computed afresh (and not kept) once this transaction has written: it must see its own
    changes, which the count does not show before they are committed."""
    if not has_app_context() or db.session.info.get(_WRITTEN):
        return load()
    store = current_app.extensions.setdefault("derived_cache", Memo(LRUCache(maxsize=512)))
    return store.get((name, key, str(get_locale()), versions()), load)


def version(name: str):
    """One tracked fact's value this request, read with the versions: who the general manager
    is costs no statement of its own."""
    return versions()[1 + sorted(VERSIONS).index(name)]


def versions() -> tuple:
    """The count of changes and every tracked fact, read once per request (one statement)."""
    names = tuple(sorted(VERSIONS))
    return request_cache.once("derived_versions", names, lambda: tuple(db.session.execute(
        _statement(names, db.engine.dialect.name)).one()))


@cache
def _statement(names: tuple[str, ...], dialect_name: str) -> TextClause:
    # Compiled once: building and keying a statement of subqueries costs more than running it.
    statement = select(select(DataVersion.n).where(DataVersion.id == 1).scalar_subquery(),
                       *(VERSIONS[n].scalar_subquery() for n in names))
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


_WRITTEN = "derived_written"     # session.info: this transaction has changed something


def _forget(session) -> None:
    session.info.pop(_WRITTEN, None)
    if session.info.get("derived_unchanged"):
        return
    if has_app_context():
        store = current_app.extensions.get("derived_cache")
        if store is not None:
            store.clear()


def _flushed(session, _flush_context) -> None:
    session.info[_WRITTEN] = True


def _executed(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:      # bulk statements skip the flush
        state.session.info[_WRITTEN] = True


def _rolled_back(session) -> None:
    session.info.pop(_WRITTEN, None)


event.listen(db.session, "after_commit", _forget)
event.listen(db.session, "after_flush", _flushed)
event.listen(db.session, "do_orm_execute", _executed)
event.listen(db.session, "after_rollback", _rolled_back)

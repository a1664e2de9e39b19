"""Facts loaded once per request (or per app context): who is away, the general manager, who
heads what. A page's panels ask for the same facts; the first asks the database, the rest get
the answer. Every commit and rollback forgets them, so a page rendered after a change reads
the changed facts. Never shared between requests, so access decisions stay per user."""

from typing import Callable, Hashable, TypeVar

from flask import g, has_app_context
from sqlalchemy import event

from .extensions import db

T = TypeVar("T")


def once(name: str, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s answer for (name, key), loaded at most once until the next commit."""
    if not has_app_context():
        return load()
    store = g.setdefault("_request_cache", {}).setdefault(name, {})
    if key not in store:
        store[key] = load()
    return store[key]


def has(name: str, key: Hashable) -> bool:
    """Whether (name, key) is loaded already in this request."""
    return has_app_context() and key in g.get("_request_cache", {}).get(name, {})


def forget(*_args) -> None:
    if has_app_context():
        g.pop("_request_cache", None)


event.listen(db.session, "after_commit", forget)
event.listen(db.session, "after_soft_rollback", forget)

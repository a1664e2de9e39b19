"""Fragments that are the same for every user and polled often (the company-wide absence
board, every 30 s from every open board): made at most once every few seconds per worker
process, and forgotten at once when this process commits a change. Only for what access
control does not decide: nobody's private details, no controls that depend on the user."""

import threading
from typing import Callable, Hashable

from cachetools import TTLCache
from sqlalchemy import event

from ..extensions import db

_all: list["SharedFragment"] = []


class SharedFragment:
    def __init__(self, seconds: float):
        self._made: TTLCache = TTLCache(maxsize=16, ttl=seconds)
        self._lock = threading.Lock()
        _all.append(self)

    def get(self, key: Hashable, make: Callable[[], str]) -> str:
        with self._lock:
            if key in self._made:
                return self._made[key]
        body = make()
        with self._lock:
            self._made[key] = body
        return body

    def clear(self) -> None:
        with self._lock:
            self._made.clear()


def _forget_all(*_args) -> None:
    for fragment in _all:
        fragment.clear()


event.listen(db.session, "after_commit", _forget_all)

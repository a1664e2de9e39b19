"""Fragments that are the same for every user and polled often (the company-wide absence
board, every 30 s from every open board): made at most once every few seconds per worker
process, and forgotten at once when this process commits a change. Only for what access
control does not decide: nobody's private details, no controls that depend on the user."""

from cachetools import TTLCache
from sqlalchemy import event

from ..extensions import db
from ..memo import Memo

_all: list["SharedFragment"] = []


class SharedFragment(Memo):
    """`get(key, make)`: the fragment made at most once every `seconds` per key."""

    def __init__(self, seconds: float):
        super().__init__(TTLCache(maxsize=16, ttl=seconds))
        _all.append(self)


def _forget_all(*_args) -> None:
    for fragment in _all:
        fragment.clear()


event.listen(db.session, "after_commit", _forget_all)

"""A cache the threads of a worker share: each value made once per key (outside the lock, so a
slow one does not hold up the others; two threads asking first may both make it), forgotten as
its cachetools cache decides (a TTLCache by age, an LRUCache by size) or all at once."""

import threading
from typing import Callable, Hashable, TypeVar

from cachetools import Cache

T = TypeVar("T")


class Memo:
    def __init__(self, cache: Cache):
        self._cache = cache
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make()
        with self._lock:
            self._cache[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

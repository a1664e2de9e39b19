"""`flask seed-demo`: each area registers a function that adds its demo content.
Seeders run in registration order and must be idempotent (skip what is already there)."""

from datetime import datetime
from typing import Callable

SEEDERS: list[Callable[[datetime, str], None]] = []


def seeder(func):
    SEEDERS.append(func)
    return func

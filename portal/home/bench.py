"""The benchmark's share of the home area: no data of its own (its panels read every other
area's), and every role's home page."""

from ..bench.company import ROLE_ACCOUNTS, Build
from ..bench.pages import page

PAGES = [page(f"home ({role})", role, "/") for role in ROLE_ACCOUNTS]


def build(company: Build) -> None:
    """Nothing to add: the home page shows what the other areas built."""

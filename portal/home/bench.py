"""The benchmark's share of the home area: no data of its own (its panels read every other
area's), every role's home page, and the page and badge of every decision waiting."""

from ..bench.company import ROLE_ACCOUNTS, Build
from ..bench.pages import page

PAGES = [page(f"home ({role})", role, "/") for role in ROLE_ACCOUNTS] + [
    page("decisions (gm)", "gm", "/decisions"),
    page("decisions (deputy)", "deputy", "/decisions"),
    page("decisions (office)", "office", "/decisions"),
    page("decisions badge (htmx)", "deputy", "/decisions/badge", htmx=True),
]


def build(company: Build) -> None:
    """Nothing to add: the home page shows what the other areas built."""

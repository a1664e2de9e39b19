"""The pages the benchmark measures, and their targets.

Each area's bench module (`portal/<area>/bench.py`, listed by `portal.areas.bench_modules()`)
declares its pages as `PAGES = [page(label, role, path), …]`; `htmx=True` sends
`HX-Request: true` (the fragment), `p95_ms=` / `max_sql=` override the targets, `max_bytes=` and
`min_floor_share=` add targets of size and of throughput (against the floor's, same run). A path may
name a landmark that a builder recorded, e.g. "/staff/departments/{department_id}" (see
company.py); so may the role: "{largest_head}" logs in as the head of the largest department
(portal/staff/bench.py). `measured_pages()` lists them all.
"""

from dataclasses import dataclass
from urllib.parse import quote

from .company import ROLE_ACCOUNTS, area_modules

P95_MS = 50.0    # 95 % of requests answered within this, under the benchmark's load
MAX_SQL = 12     # statements per request, the same at every company size


@dataclass(frozen=True)
class Page:
    label: str
    role: str             # a username from company.ROLE_ACCOUNTS
    path: str
    htmx: bool = False
    p95_ms: float = P95_MS
    max_sql: int = MAX_SQL
    max_bytes: int | None = None          # the answer's size at most (an htmx fragment polled often)
    min_floor_share: float | None = None  # throughput at least this share of the bare floor's

    def username(self, landmarks: dict) -> str | None:
        """Whom to log in as: the role, or the landmark it names ("{largest_head}")."""
        return account(self.role, landmarks)

    def url(self, landmarks: dict) -> str:
        """The path with its landmarks filled in, percent-encoded (旷工 -> %E6%97%B7%E5%B7%A5)."""
        return quote(self.path.format(**landmarks), safe="/?&=%:+,;@")

    @property
    def headers(self) -> dict[str, str]:
        return {"HX-Request": "true"} if self.htmx else {}


LANDMARK_ACCOUNTS = ("{largest_head}",)   # roles that are a builder's landmark (a username)


def account(role: str | None, landmarks: dict) -> str | None:
    return role.format(**landmarks) if role in LANDMARK_ACCOUNTS else role


def page(label: str, role: str, path: str, **options) -> Page:
    """One measured page (for an area's PAGES), its role checked against the accounts."""
    if role not in ROLE_ACCOUNTS and role not in LANDMARK_ACCOUNTS:
        raise ValueError(f"{label}: no benchmark account {role!r}")
    return Page(label, role, path, **options)


def measured_pages() -> list[Page]:
    """Each area's PAGES, in the order of the areas (home first: every role's home page)."""
    return [entry for module in area_modules() for entry in module.PAGES]

"""The key pages the benchmark measures, and their targets.

One line per page: `page(label, role, path)`; `htmx=True` sends `HX-Request: true` (the
fragment), `p95_ms=` / `max_sql=` override the targets. A path may name a landmark that a
builder recorded, e.g. "/staff/departments/{department_id}" (see company.py); so may the
role: "{largest_head}" logs in as the head of the largest department (organisation.py).
"""

from dataclasses import dataclass
from urllib.parse import quote

from .company import ROLE_ACCOUNTS

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

    def username(self, landmarks: dict) -> str | None:
        """Whom to log in as: the role, or the landmark it names ("{largest_head}")."""
        return account(self.role, landmarks)

    def url(self, landmarks: dict) -> str:
        """The path with its landmarks filled in, percent-encoded (旷工 -> %E6%97%B7%E5%B7%A5)."""
        return quote(self.path.format(**landmarks), safe="/?&=%:+,;@")

    @property
    def headers(self) -> dict[str, str]:
        return {"HX-Request": "true"} if self.htmx else {}


PAGES: list[Page] = []
LANDMARK_ACCOUNTS = ("{largest_head}",)   # roles that are a builder's landmark (a username)


def account(role: str | None, landmarks: dict) -> str | None:
    return role.format(**landmarks) if role in LANDMARK_ACCOUNTS else role


def page(label: str, role: str, path: str, **options) -> Page:
    if role not in ROLE_ACCOUNTS and role not in LANDMARK_ACCOUNTS:
        raise ValueError(f"{label}: no benchmark account {role!r}")
    entry = Page(label, role, path, **options)
    PAGES.append(entry)
    return entry


# --- home: every role's own page --------------------------------------------------------
for _role in ROLE_ACCOUNTS:
    page(f"home ({_role})", _role, "/")

# --- staff ------------------------------------------------------------------------------
page("directory", "staff", "/staff/")
page("directory search (htmx)", "staff", "/staff/?q=wang", htmx=True)
page("department (largest)", "staff", "/staff/departments/{department_id}")
page("profile", "staff", "/staff/{employee_id}")
# An administrator's occasional page, not one of the key pages: measured, with a looser target.
page("staff admin index", "admin", "/staff/admin", p95_ms=100)

# --- handbook ---------------------------------------------------------------------------
page("handbook index", "staff", "/handbook/")
page("regulation (attendance)", "staff", "/handbook/{regulation_slug}")
page("handbook search 旷工 (htmx)", "staff", "/handbook/search?q=旷工", htmx=True)
# The office's list of who has not read what: every active person × every regulation in force.
# The office's occasional overview (counts over everyone × every regulation), not a key page.
page("reading confirmations", "office", "/handbook/acknowledgements", p95_ms=100)

# --- leave and attendance ---------------------------------------------------------------
page("approval inbox", "deputy", "/leave/inbox")
page("inbox badge (htmx)", "deputy", "/leave/inbox/badge", htmx=True)
page("my leave", "staff", "/leave/")
page("leave preview (htmx)", "staff", "/leave/preview?leave_type=personal&start_date={preview_start}"
     "&start_part=am&end_date={preview_end}&end_part=pm", htmx=True)
page("attendance register", "invest-head", "/leave/register")
page("attendance register (largest dept)", "{largest_head}", "/leave/register")
page("team calendar", "invest-head", "/leave/calendar")
page("absence alarms", "gm", "/leave/alarms")
page("duty roster", "staff", "/leave/duty")
# The office's monthly overview of everyone (one row per person), not a key page.
page("monthly report", "office", "/leave/report", p95_ms=100)
page("monthly report Excel (largest dept)", "office", "/leave/report.xlsx?dept={department_id}")

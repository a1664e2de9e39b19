"""The benchmark's share of the residents' pages: no data of their own (the commitments page
counts what the service desk built), and the commitments page for the season and for its first
month. The benchmark logs every page in; the page is the same for anyone."""

from ..bench.company import Build
from ..bench.pages import page
from ..bench.pdfs import pdf
from ..clock import local_today
from ..service.rules import heating_season
from . import rules

PAGES = [
    page("public commitments", "staff", "/public/commitments"),
    page("public commitments (a month)", "staff", "/public/commitments?month={season_month}"),
]

# The poster for the service hall (A3, one page): anyone may print it, no login. Rendered when its
# figures change (they are remembered a few minutes), then served from the cache file.
PDFS = [
    pdf("public commitments poster A3", None, "/public/commitments/poster.pdf", cold_s=1.5, warm_ms=20),
]


def build(company: Build) -> None:
    """Nothing to add; records the season's first month for the page of a month."""
    today = local_today(company.now)
    company.landmarks["season_month"] = rules.month_key(rules.season_months(heating_season(today), today)[0][0])

"""The benchmark's table: plain text for the terminal, Markdown for the README."""

import math
import unicodedata
from dataclasses import dataclass

from .load import LoadResult
from .pages import P95_MS, Page
from .pdfs import PdfResult
from .sqlcount import Counted


@dataclass
class Row:
    page: Page
    small: Counted | None     # statements at the small company
    large: Counted | None     # … and at the full one
    load: LoadResult | None
    floor: LoadResult | None = None
    is_floor: bool = False

    def problems(self) -> list[str]:
        found = []
        statuses = sorted({c.status for c in (self.small, self.large) if c and c.status != 200}
                          | set(self.load.bad_statuses if self.load else {}))
        if statuses:
            found.append("HTTP " + "/".join(map(str, statuses)))
        if self.load and self.load.errors:
            found.append(f"{len(self.load.errors)} errors")
        if self.load and self.load.count and self.load.p95_ms > self.page.p95_ms:
            found.append(f"p95>{self.page.p95_ms:g}ms")
        if self.load and self.load.count and self.page.max_bytes and self.load.bytes > self.page.max_bytes:
            found.append(f"bytes>{self.page.max_bytes:,}")
        if (self.load and self.floor and self.floor.per_second and self.page.min_floor_share
                and self.load.per_second < self.page.min_floor_share * self.floor.per_second):
            found.append(f"req/s<{100 * self.page.min_floor_share:g}% of floor")
        if self.small and self.large and not self.is_floor:
            if self.large.count != self.small.count:
                found.append("SQL grows" if self.large.count > self.small.count else "SQL differs")
            if self.large.count > self.page.max_sql:
                found.append(f"SQL>{self.page.max_sql}")
        return found

    @property
    def verdict(self) -> str:
        problems = self.problems()
        if self.is_floor:
            return "floor" + (" FAIL " + ", ".join(problems) if problems else "")
        if problems:
            return "FAIL " + ", ".join(problems)
        # a page's own latency target is said beside its "ok", so the table does not read as 50 ms
        return "ok" if self.page.p95_ms == P95_MS else f"ok (its target: p95 ≤ {self.page.p95_ms:g} ms)"

    def cells(self) -> list[str]:
        load = self.load
        share = ""
        if load and self.floor and self.floor.per_second:
            share = f"{100 * load.per_second / self.floor.per_second:.0f}%"
        return [
            self.page.label, self.page.role or "—",
            _num(load.median_ms if load else None, 1), _num(load.p95_ms if load else None, 1),
            _num(load.per_second if load else None, 0), share,
            f"{load.bytes:,}" if load else "", _count(self.small), _count(self.large), self.verdict,
        ]


def _num(value: float | None, digits: int) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def _count(counted: Counted | None) -> str:
    return str(counted.count) if counted else "—"


def headers(small: int, large: int) -> list[str]:
    return ["page", "role", "median ms", "p95 ms", "req/s", "% of floor", "bytes",
            f"SQL@{small}", f"SQL@{large}", "verdict"]


RIGHT = {2, 3, 4, 5, 6, 7, 8}  # numeric columns


def text_table(head: list[str], rows: list, right: set[int] = RIGHT) -> str:
    """`rows`: Row or PdfRow (anything with cells())."""
    body = [r.cells() for r in rows]
    widths = [max(_width(line[i]) for line in [head] + body) for i in range(len(head))]

    def line(cells):
        return "  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(cells)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule] + [line(c) for c in body])


def markdown_table(head: list[str], rows: list, right: set[int] = RIGHT) -> str:
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"]
    for r in rows:
        cells = [c.replace("|", "\\|") for c in r.cells()]
        cells[-1] = f"**{cells[-1]}**" if cells[-1].startswith("FAIL") else cells[-1]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    pages = [r for r in rows if not r.is_floor]
    failed = [r for r in rows if r.problems()]
    if not failed:
        return f"OK: all {len(pages)} pages meet their targets."
    return (f"FAIL: {len(failed)} of {len(pages)} pages miss their targets: "
            + "; ".join(f"{r.page.label} ({', '.join(r.problems())})" for r in failed))


# --- PDFs -----------------------------------------------------------------------------------

@dataclass
class PdfRow:
    result: PdfResult

    @property
    def label(self) -> str:
        check = self.result.check
        return f"{check.label}, first PDF of a worker" if self.result.first_of_worker else check.label

    @property
    def verdict(self) -> str:
        if self.result.pending:
            return "pending" + (f" ({self.result.check.note})" if self.result.check.note else "")
        problems = self.result.problems()
        return "FAIL " + ", ".join(problems) if problems else "ok"

    def cells(self) -> list[str]:
        r = self.result
        spread = f"{min(r.cold):.2f}–{max(r.cold):.2f}" if len(r.cold) > 1 else ""
        return [self.label, r.check.role or "—",
                _num(r.cold_s, 2), spread, _num(r.cold_cpu_s, 2), _num(r.warm_median_ms, 1), _num(r.warm_p95_ms, 1),
                f"{r.bytes:,}" if r.bytes else "", str(r.pages) if r.pages else "",
                r.check.targets, self.verdict]


PDF_RIGHT = {2, 3, 4, 5, 6, 7, 8}


def pdf_headers(cold_rounds: int, warm_requests: int) -> list[str]:
    return ["PDF", "role", f"cold s (median of {cold_rounds})", "cold range s", "cold CPU s",
            f"warm median ms (n={warm_requests})", "warm p95 ms", "bytes", "pages", "targets", "verdict"]


def pdf_summary(rows: list[PdfRow]) -> str:
    measured = [r for r in rows if not r.result.pending]
    pending = [r.label for r in rows if r.result.pending]
    failed = [r for r in measured if r.result.problems()]
    tail = f"; pending: {', '.join(pending)}" if pending else ""
    if not failed:
        return f"OK: all {len(measured)} PDF timings meet their targets{tail}."
    return (f"FAIL: {len(failed)} of {len(measured)} PDF timings miss their targets: "
            + "; ".join(f"{r.label} ({', '.join(r.result.problems())})" for r in failed) + tail)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap

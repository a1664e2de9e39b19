"""The benchmark's table: plain text for the terminal, Markdown for the README."""

import math
import unicodedata
from dataclasses import dataclass

from .load import LoadResult
from .pages import Page
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
        return "FAIL " + ", ".join(problems) if problems else "ok"

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


def text_table(head: list[str], rows: list[Row]) -> str:
    body = [r.cells() for r in rows]
    widths = [max(_width(line[i]) for line in [head] + body) for i in range(len(head))]

    def line(cells):
        return "  ".join(_pad(c, widths[i], i in RIGHT) for i, c in enumerate(cells)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule] + [line(c) for c in body])


def markdown_table(head: list[str], rows: list[Row]) -> str:
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(head))) + "|"]
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


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap

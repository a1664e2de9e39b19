"""The PDFs the benchmark times, and their targets; measured through gunicorn like the pages.

An area's bench module declares its PDFs as `PDFS = [pdf(label, role, path, cold_s=…,
warm_ms=…), …]`; `measured_pdfs()` lists them all. A PDF is
measured one request at a time (on one connection while the server keeps it alive):

- cold: the benchmark empties the server's cache folder (the server runs with its own,
  FLASK_PORTAL_CACHE_FOLDER in a temporary directory), then times one request: the PDF is
  rendered. This is what the first reader waits after the office changed a regulation.
  `COLD_ROUNDS` times; the median counts (one render is at the mercy of anything else
  running on the machine), the range is shown, and the server's CPU time for it: rendering
  is CPU-bound, so when the waiting time is well above the CPU time, the machine was busy.
- first PDF of a worker: the very first PDF request of the run also pays what a worker
  does once (fonts, stylesheets, the book template); it is reported as a row of its own,
  what the first reader waits after a deployment that changed the layout.
- warm: `WARM_REQUESTS` requests more, served from the cache file: median and p95.

A PDF whose route does not exist yet is declared with `path=None`: its row shows the
target as "pending" until the area lands and fills in the path (it may use a builder's
landmarks, like the pages).
"""

import http.client
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .company import ROLE_ACCOUNTS, area_modules
from .load import HOST
from .pages import Page

WARM_REQUESTS = 50
COLD_ROUNDS = 3
COLD_TIMEOUT = 120.0   # seconds: without HarfBuzz subsetting the book takes ~18 s


@dataclass(frozen=True)
class PdfCheck:
    label: str
    role: str | None
    path: str | None               # None: pending, the route does not exist yet
    cold_s: float | None = None    # target: one request, rendered (empty cache)
    warm_ms: float | None = None   # target: p95 of requests answered from the cache
    note: str = ""

    def url(self, landmarks: dict) -> str:
        return Page(self.label, self.role, self.path).url(landmarks)

    @property
    def targets(self) -> str:
        parts = []
        if self.cold_s is not None:
            parts.append(f"cold ≤ {self.cold_s:g} s")
        if self.warm_ms is not None:
            parts.append(f"warm p95 ≤ {self.warm_ms:g} ms")
        return ", ".join(parts) or "—"


def pdf(label: str, role: str | None, path: str | None, **options) -> PdfCheck:
    """One timed PDF (for an area's PDFS), its role checked against the accounts."""
    if role is not None and role not in ROLE_ACCOUNTS:
        raise ValueError(f"{label}: no benchmark account {role!r}")
    return PdfCheck(label, role, path, **options)


def measured_pdfs() -> list[PdfCheck]:
    """Each area's PDFS, in the order of the areas."""
    return [entry for module in area_modules() for entry in getattr(module, "PDFS", ())]


@dataclass
class PdfResult:
    check: PdfCheck
    cold: list[float] = field(default_factory=list)     # seconds, one per round
    cold_cpu: list[float] = field(default_factory=list)  # the server's CPU seconds for each
    warm_ms: list[float] = field(default_factory=list)
    bytes: int = 0
    pages: int | None = None
    problems_seen: list[str] = field(default_factory=list)   # wrong status, not a PDF, not cached …
    notes: list[str] = field(default_factory=list)           # caveats of the measurement
    first_of_worker: bool = False   # the row for the first PDF a worker renders

    @property
    def pending(self) -> bool:
        return self.check.path is None

    @property
    def cold_s(self) -> float | None:
        return statistics.median(self.cold) if self.cold else None

    @property
    def cold_cpu_s(self) -> float | None:
        return statistics.median(self.cold_cpu) if self.cold_cpu else None

    @property
    def warm_median_ms(self) -> float | None:
        return statistics.median(self.warm_ms) if self.warm_ms else None

    @property
    def warm_p95_ms(self) -> float | None:
        if len(self.warm_ms) < 2:
            return self.warm_ms[0] if self.warm_ms else None
        return statistics.quantiles(self.warm_ms, n=20, method="inclusive")[18]

    def problems(self) -> list[str]:
        found = list(self.problems_seen)
        target = self.check
        if self.cold_s is not None and target.cold_s is not None and self.cold_s > target.cold_s:
            found.append(f"cold>{target.cold_s:g}s")
        p95 = self.warm_p95_ms
        if not self.first_of_worker and p95 is not None and target.warm_ms is not None and p95 > target.warm_ms:
            found.append(f"warm p95>{target.warm_ms:g}ms")
        return found


class _Connection:
    """One connection, kept alive while the server allows it (gunicorn's sync workers close
    each one: the next request may reach another worker, equally ready — each loads the fonts,
    stylesheets and templates when it starts, gunicorn.conf.py)."""

    def __init__(self, port: int, server_cpu: Callable[[], float] | None = None):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=COLD_TIMEOUT)
        self.server_cpu = server_cpu

    def get(self, path: str, headers: dict[str, str]) -> tuple[float, int, str, bytes]:
        try:
            return self._get(path, headers)
        except (http.client.HTTPException, OSError):
            self.conn.close()   # the server closed the keep-alive connection: once more
            return self._get(path, headers)

    def _get(self, path: str, headers: dict[str, str]) -> tuple[float, int, str, bytes]:
        started = time.perf_counter()
        self.conn.request("GET", path, headers=headers)
        response = self.conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return elapsed, response.status, response.getheader("Content-Type", ""), body

    def close(self) -> None:
        self.conn.close()


def measure_pdfs(port: int, checks: list[PdfCheck], landmarks: dict, cookies: dict[str, str],
                 cache_folder: Path, warm_requests: int = WARM_REQUESTS,
                 cold_rounds: int = COLD_ROUNDS,
                 server_cpu: Callable[[], float] | None = None) -> list[PdfResult]:
    """Time every check (see the module's docstring); `cache_folder` is the server's
    PORTAL_CACHE_FOLDER, which the benchmark empties before each cold request;
    `server_cpu()`, if given, tells the CPU seconds the server has used so far."""
    connection = _Connection(port, server_cpu)
    results: list[PdfResult] = []
    try:
        for check in checks:
            if check.path is None:
                results.append(PdfResult(check))
                continue
            url = check.url(landmarks)
            headers = {"Accept-Encoding": "identity"}
            if check.role:
                headers["Cookie"] = cookies[check.role]
            if not results or all(r.pending for r in results):   # nothing rendered yet
                first = PdfResult(check, first_of_worker=True)
                _cold(connection, first, url, headers, cache_folder)
                results.append(first)
            result = PdfResult(check)
            for _ in range(cold_rounds):
                _cold(connection, result, url, headers, cache_folder)
            results.append(result)
            for i in range(warm_requests + 2):   # two unrecorded first
                elapsed, status, _mimetype, _body = connection.get(url, headers)
                if i >= 2:
                    result.warm_ms.append(elapsed * 1000)
                if status != 200 and f"HTTP {status}" not in result.problems_seen:
                    result.problems_seen.append(f"HTTP {status}")
            if len(list((cache_folder / "pdf").glob("*.pdf"))) != 1:
                result.problems_seen.append("rendered again")
    finally:
        connection.close()
    return results


def _cold(connection: _Connection, result: PdfResult, url: str, headers: dict[str, str],
          cache_folder: Path) -> None:
    """One request with an empty cache folder, added to `result`."""
    _empty(cache_folder)
    cpu_before = connection.server_cpu() if connection.server_cpu else None
    elapsed, status, mimetype, body = connection.get(url, headers)
    result.cold.append(elapsed)
    if cpu_before is not None:
        result.cold_cpu.append(connection.server_cpu() - cpu_before)
    result.bytes = len(body)
    problem = None
    if status != 200:
        problem = f"HTTP {status}"
    elif not mimetype.startswith("application/pdf") or not body.startswith(b"%PDF-"):
        problem = "not a PDF"
    elif not list((cache_folder / "pdf").glob("*.pdf")):
        problem = "not cached in PORTAL_CACHE_FOLDER"
    elif result.pages is None:
        result.pages = pdf_pages(body)
    if problem and problem not in result.problems_seen:
        result.problems_seen.append(problem)


def _empty(cache_folder: Path) -> None:
    shutil.rmtree(cache_folder / "pdf", ignore_errors=True)


def pdf_pages(body: bytes) -> int | None:
    """Pages of a PDF, with poppler's pdfinfo when it is installed."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        output = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, timeout=30).stdout
    for line in output.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None

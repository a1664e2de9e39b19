"""`flask --app app bench`: how fast the key pages are on a company of 1,000 people.

1. Builds the synthetic company (company.py: each area's bench module builds its share)
   into a temporary SQLite database (WAL), and a tenth of it into a second one.
2. Counts the SQL statements of every key page (pages.py; the areas' bench modules list
   them) in-process at both sizes: the count must not grow with the data, and stay within
   the page's target.
3. Serves the big company with gunicorn (as gunicorn.conf.py sets it up) on the loopback and
   loads every page with a few concurrent clients: median and p95 latency, requests per
   second (also as a share of the bare /healthz floor, measured in the same run), response size.
   A page's requests come in rounds over all the pages (`--rounds`): a machine whose speed
   drifts within minutes (a shared virtual machine's does, by half) then weighs on every page
   alike, where one block per page made whichever pages met a slow minute FAIL.
4. Times the PDFs (pdfs.py; likewise listed by the areas) on the same server, which has a
   cache folder of its own that starts empty: rendered (cold) and answered from the cache (warm).
5. Prints the two tables (and writes them as Markdown with --out). It is a measurement: the
   exit code is 0 even when targets are missed; misses are marked FAIL and summed up.
"""

import contextlib
import os
import platform
import secrets
import shlex
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import click

HEALTHZ_LABEL = "floor: /healthz"
PAGE_TIME_LIMIT = 8.0    # seconds of measured load per page at most (all rounds together)


@click.command("bench")
@click.option("--employees", default=1000, show_default=True, type=click.IntRange(min=100),
              help="Size of the company served and measured; SQL is also counted at a tenth of it (min 30).")
@click.option("--requests", "requests_", default=200, show_default=True, type=click.IntRange(min=1),
              help="Measured requests per page (after the warm-up).")
@click.option("--warmup", default=20, show_default=True, type=click.IntRange(min=0),
              help="Unmeasured requests per page first.")
@click.option("--rounds", default=4, show_default=True, type=click.IntRange(min=1),
              help="Rounds over all the pages, each with its share of every page's measured requests.")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(min=1, max=64),
              help="Client threads, each with its own connection.")
@click.option("--workers", type=click.IntRange(min=1), help="gunicorn workers [as gunicorn.conf.py says].")
@click.option("--threads", type=click.IntRange(min=1),
              help="Threads per gunicorn worker (gthread) [as gunicorn.conf.py says].")
@click.option("--worker-class", type=click.Choice(["gthread", "sync"]),
              help="gunicorn worker class [as gunicorn.conf.py says].")
@click.option("--pdf-requests", default=50, show_default=True, type=click.IntRange(min=1),
              help="Requests per PDF answered from the cache (after the cold ones).")
@click.option("--cold-rounds", default=3, show_default=True, type=click.IntRange(min=1),
              help="Cold requests per PDF (the cache emptied before each); the median counts.")
@click.option("--page", "only", multiple=True, metavar="TEXT",
              help="Measure only the pages and PDFs whose label contains TEXT (repeatable); the floor always.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Also write the result as Markdown to this file.")
def bench_command(employees, requests_, warmup, rounds, concurrency, workers, threads, worker_class, pdf_requests,
                  cold_rounds, only, out):
    """Measure the key pages: SQL per request, latency and throughput under gunicorn."""
    from .company import BENCH_PASSWORD, build_company
    from .load import LoadResult, Server, login, run_load, shares
    from .machine import OtherWork, load_average, process_tree_seconds, python_speed_ms
    from .pages import Page, account, measured_pages
    from .pdfs import measure_pdfs, measured_pdfs
    from .report import (PDF_RIGHT, PdfRow, Row, headers, markdown_table, pdf_headers, pdf_summary, summary,
                         text_table)
    from .sqlcount import count_statements

    started = time.monotonic()
    load_before, speed = load_average(), python_speed_ms()
    others = OtherWork()

    def progress(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:5.1f}s] {message}", err=True)

    floor = Page(HEALTHZ_LABEL, None, "/healthz")
    pages = [floor] + [p for p in measured_pages() if not only or any(o in p.label for o in only)]
    pdfs = [p for p in measured_pdfs() if not only or any(o in p.label for o in only)]
    small = max(30, employees // 10)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        tmp = Path(tmp)
        uris = {n: f"sqlite:///{tmp / f'company-{n}.sqlite3'}" for n in (small, employees)}
        counts = {}
        with _instance_path(tmp / "instance"):
            for n in (small, employees):
                app = _app(uris[n], tmp / "in-process-cache")
                progress(f"building a company of {n:,} employees …")
                build = build_company(app, n)
                progress(f"counting SQL statements per page at {n:,} employees …")
                counts[n] = count_statements(app, pages, build.landmarks, BENCH_PASSWORD)
                if n == employees:
                    landmarks, departments = build.landmarks, build.departments
                _dispose(app)

        cache = tmp / "server-cache"   # the server's PORTAL_CACHE_FOLDER: empty at the start
        cache.mkdir()
        server = Server(_server_env(uris[employees], tmp, cache), tmp / "gunicorn.log", workers, threads,
                        worker_class)
        pdf_results = []
        progress(f"starting {server.description} on 127.0.0.1:{server.port} …")
        with server:
            cookies = {role: login(server.port, account(role, landmarks), BENCH_PASSWORD)
                       for role in dict.fromkeys(p.role for p in [*pages, *pdfs]) if role}
            loads = [LoadResult() for _ in pages]
            for n, share in enumerate(shares(requests_, rounds)):
                for page, load in zip(pages, loads):
                    progress(f"round {n + 1} of {rounds}: loading {page.label} …")
                    request_headers = {**page.headers, "Accept-Encoding": "identity"}
                    if page.role:
                        request_headers["Cookie"] = cookies[page.role]
                    # later rounds warm up a request a client: its connection is not measured
                    load.add(run_load(server.port, page.url(landmarks), request_headers,
                                      warmup if n == 0 else concurrency, share, concurrency,
                                      PAGE_TIME_LIMIT / rounds))
            if any(p.path for p in pdfs):
                progress(f"timing {sum(1 for p in pdfs if p.path)} PDFs, cold and from the cache …")
            others_during_pdfs = OtherWork(server.process.pid)
            pdf_results = measure_pdfs(server.port, pdfs, landmarks, cookies, cache, pdf_requests, cold_rounds,
                                       server_cpu=lambda: process_tree_seconds(server.process.pid))
            pdf_others = others_during_pdfs.cores()
        progress("done.")

    rows = [Row(p, counts[small][i], counts[employees][i], loads[i], loads[0], is_floor=p is floor)
            for i, p in enumerate(pages)]
    head = headers(small, employees)
    context = _context(employees, departments, small, server.description, concurrency, warmup, requests_,
                       rounds, load_before, others.cores(), speed)
    short = [r for r in rows if r.load.count < requests_]

    click.echo()
    click.echo("\n".join(context))
    click.echo()
    click.echo(text_table(head, rows))
    click.echo()
    for r in short:
        click.echo(f"note: {r.page.label}: only {r.load.count} requests within {PAGE_TIME_LIMIT:g} s")
    click.echo(summary(rows))
    pdf_rows = [PdfRow(r) for r in pdf_results]
    pdf_head = pdf_headers(cold_rounds, pdf_requests)
    pdf_context = _pdf_context(cold_rounds, pdf_requests, pdf_others)
    pdf_notes = [f"note: {row.label}: {note}" for row in pdf_rows for note in row.result.notes]
    if pdf_rows:
        click.echo()
        click.echo("\n".join(pdf_context))
        click.echo()
        click.echo(text_table(pdf_head, pdf_rows, PDF_RIGHT))
        click.echo()
        click.echo("\n".join(pdf_notes + [pdf_summary(pdf_rows)]))
    details = _sql_details(rows, small, employees)
    if details:
        click.echo()
        click.echo(details)
    if out:
        notes = [f"note: {r.page.label}: only {r.load.count} requests within {PAGE_TIME_LIMIT:g} s" for r in short]
        parts = ["  \n".join(context), markdown_table(head, rows), "  \n".join(notes + [summary(rows)])]
        if pdf_rows:
            parts += ["  \n".join(pdf_context), markdown_table(pdf_head, pdf_rows, PDF_RIGHT),
                      "  \n".join(pdf_notes + [pdf_summary(pdf_rows)])]
        Path(out).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        click.echo(f"\nMarkdown written to {out}", err=True)


def _app(uri: str, cache: Path):
    from .. import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": secrets.token_hex(32),
                       "WTF_CSRF_ENABLED": False, "PORTAL_CACHE_FOLDER": str(cache)})


def _dispose(app) -> None:
    from ..extensions import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextlib.contextmanager
def _instance_path(path: Path):
    """Keep a local instance/config.py out of the measurement."""
    path.mkdir(parents=True, exist_ok=True)
    before = os.environ.get("PORTAL_INSTANCE_PATH")
    os.environ["PORTAL_INSTANCE_PATH"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PORTAL_INSTANCE_PATH", None)
        else:
            os.environ["PORTAL_INSTANCE_PATH"] = before


def _server_env(uri: str, tmp: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_") and k != "DATABASE_URL"}
    (tmp / "instance").mkdir(exist_ok=True)
    env.update(FLASK_SQLALCHEMY_DATABASE_URI=uri, FLASK_SECRET_KEY=secrets.token_hex(32),
               FLASK_PORTAL_CACHE_FOLDER=str(cache), PORTAL_INSTANCE_PATH=str(tmp / "instance"),
               PYTHONDONTWRITEBYTECODE="1")
    return env


def _pdf_context(cold_rounds: int, pdf_requests: int, others: float | None) -> list[str]:
    from .machine import busy_note
    return [
        "PDFs: through the same gunicorn after the pages, one request at a time; the server's "
        "PORTAL_CACHE_FOLDER is a temporary directory" + busy_note(others),
        f"cold: {cold_rounds} × (cache folder emptied, one request: rendered with WeasyPrint), and the server's "
        "CPU time for it (well below the waiting time: the machine was busy); "
        "\"first PDF of a worker\": the run's first PDF request, which also pays the worker's one-off font, "
        f"stylesheet and template loading; warm: {pdf_requests} requests more, answered from the cached file",
    ]


def _context(employees, departments, small, server, concurrency, warmup, requests_, rounds, load_before,
             others, speed) -> list[str]:
    from .machine import busy_note
    from .pages import MAX_SQL, P95_MS
    argv = sys.argv[:]
    argv[0] = os.path.basename(argv[0])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"Portal benchmark, {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Command: {shlex.join(argv)}",
        f"Machine: {cores} cores ({_cpu_model()}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
        + (f"; load average before the run {load_before:.2f}" if load_before is not None else "")
        + busy_note(others) + f"; a fixed Python loop took {speed:.0f} ms (python_speed_ms: lower is faster)",
        f"Company: {employees:,} employees in {departments} departments (SQL also counted at {small:,}); "
        f"SQLite WAL in a temporary directory",
        f"Server: {server} on 127.0.0.1; load: {concurrency} client threads (keep-alive where the server allows), "
        f"{warmup} warm-up + {requests_} measured requests per page"
        + (f", in {rounds} rounds over all the pages" if rounds > 1 else ""),
        f"Targets (unless a page sets its own): p95 ≤ {P95_MS:g} ms; SQL statements per request "
        f"the same at both sizes and ≤ {MAX_SQL}",
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _sql_details(rows, small: int, large: int) -> str:
    """For the pages whose statements grow or are too many: what they run."""
    lines = []
    for r in rows:
        if r.is_floor or not (r.small and r.large):
            continue
        if r.large.count == r.small.count and r.large.count <= r.page.max_sql:
            continue
        lines.append(f"SQL of {r.page.label} at {large:,} employees ({r.large.count}; {r.small.count} at {small:,}):")
        lines += [f"  {i:>2}. {' '.join(s.split())[:150]}" for i, s in enumerate(r.large.statements, 1)]
    return "\n".join(lines)

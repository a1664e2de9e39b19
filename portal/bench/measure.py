"""`flask --app app bench`: how fast the key pages are on a company of 1,000 people.

1. Builds the synthetic company (company.py) into a temporary SQLite database (WAL), and a
   tenth of it into a second one.
2. Counts the SQL statements of every key page (pages.py) in-process at both sizes: the
   count must not grow with the data, and stay within the page's target.
3. Serves the big company with gunicorn on the loopback and loads every page with a few
   concurrent keep-alive clients: median and p95 latency, requests per second (also as a
   share of the bare /healthz floor, measured in the same run), response size.
4. Prints one table (and writes it as Markdown with --out). It is a measurement: the exit
   code is 0 even when targets are missed; misses are marked FAIL and summed up.
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
PAGE_TIME_LIMIT = 8.0    # seconds of measured load per page at most


@click.command("bench")
@click.option("--employees", default=1000, show_default=True, type=click.IntRange(min=100),
              help="Size of the company served and measured; SQL is also counted at a tenth of it (min 30).")
@click.option("--requests", "requests_", default=200, show_default=True, type=click.IntRange(min=1),
              help="Measured requests per page (after the warm-up).")
@click.option("--warmup", default=20, show_default=True, type=click.IntRange(min=0),
              help="Unmeasured requests per page first.")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(min=1, max=64),
              help="Client threads, each with its own keep-alive connection.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1), help="gunicorn workers.")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(min=1),
              help="Threads per gunicorn worker (gthread).")
@click.option("--worker-class", default="gthread", show_default=True, type=click.Choice(["gthread", "sync"]),
              help="gunicorn worker class.")
@click.option("--page", "only", multiple=True, metavar="TEXT",
              help="Measure only the pages whose label contains TEXT (repeatable); the floor always.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Also write the result as Markdown to this file.")
def bench_command(employees, requests_, warmup, concurrency, workers, threads, worker_class, only, out):
    """Measure the key pages: SQL per request, latency and throughput under gunicorn."""
    from .company import BENCH_PASSWORD, build_company
    from .load import Server, login, run_load
    from .pages import PAGES, Page
    from .report import Row, headers, markdown_table, summary, text_table
    from .sqlcount import count_statements

    started = time.monotonic()

    def progress(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:5.1f}s] {message}", err=True)

    floor = Page(HEALTHZ_LABEL, None, "/healthz")
    pages = [floor] + [p for p in PAGES if not only or any(o in p.label for o in only)]
    small = max(30, employees // 10)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        tmp = Path(tmp)
        uris = {n: f"sqlite:///{tmp / f'company-{n}.sqlite3'}" for n in (small, employees)}
        counts = {}
        with _instance_path(tmp / "instance"):
            for n in (small, employees):
                app = _app(uris[n])
                progress(f"building a company of {n:,} employees …")
                build = build_company(app, n)
                progress(f"counting SQL statements per page at {n:,} employees …")
                counts[n] = count_statements(app, pages, build.landmarks, BENCH_PASSWORD)
                if n == employees:
                    landmarks, departments = build.landmarks, build.departments
                _dispose(app)

        server = Server(_server_env(uris[employees], tmp), tmp / "gunicorn.log", workers, threads, worker_class)
        loads = []
        progress(f"starting {server.description} on 127.0.0.1:{server.port} …")
        with server:
            cookies = {role: login(server.port, role, BENCH_PASSWORD)
                       for role in dict.fromkeys(p.role for p in pages) if role}
            for page in pages:
                progress(f"loading {page.label} …")
                request_headers = {**page.headers, "Accept-Encoding": "identity"}
                if page.role:
                    request_headers["Cookie"] = cookies[page.role]
                loads.append(run_load(server.port, page.url(landmarks), request_headers, warmup,
                                      requests_, concurrency, PAGE_TIME_LIMIT))
        progress("done.")

    rows = [Row(p, counts[small][i], counts[employees][i], loads[i], loads[0], is_floor=p is floor)
            for i, p in enumerate(pages)]
    head = headers(small, employees)
    context = _context(employees, departments, small, server.description, concurrency, warmup, requests_)
    short = [r for r in rows if r.load.count < requests_]

    click.echo()
    click.echo("\n".join(context))
    click.echo()
    click.echo(text_table(head, rows))
    click.echo()
    for r in short:
        click.echo(f"note: {r.page.label}: only {r.load.count} requests within {PAGE_TIME_LIMIT:g} s")
    click.echo(summary(rows))
    details = _sql_details(rows, small, employees)
    if details:
        click.echo()
        click.echo(details)
    if out:
        notes = [f"note: {r.page.label}: only {r.load.count} requests within {PAGE_TIME_LIMIT:g} s" for r in short]
        text = "\n\n".join(["  \n".join(context), markdown_table(head, rows),
                            "  \n".join(notes + [summary(rows)])]) + "\n"
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"\nMarkdown written to {out}", err=True)


def _app(uri: str):
    from .. import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": secrets.token_hex(32),
                       "WTF_CSRF_ENABLED": False})


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


def _server_env(uri: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_") and k != "DATABASE_URL"}
    (tmp / "instance").mkdir(exist_ok=True)
    env.update(FLASK_SQLALCHEMY_DATABASE_URI=uri, FLASK_SECRET_KEY=secrets.token_hex(32),
               PORTAL_INSTANCE_PATH=str(tmp / "instance"), PYTHONDONTWRITEBYTECODE="1")
    return env


def _context(employees, departments, small, server, concurrency, warmup, requests_) -> list[str]:
    from .pages import MAX_SQL, P95_MS
    argv = sys.argv[:]
    argv[0] = os.path.basename(argv[0])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"Portal benchmark, {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Command: {shlex.join(argv)}",
        f"Machine: {cores} cores ({_cpu_model()}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"Company: {employees:,} employees in {departments} departments (SQL also counted at {small:,}); "
        f"SQLite WAL in a temporary directory",
        f"Server: {server} on 127.0.0.1; load: {concurrency} keep-alive client threads, "
        f"{warmup} warm-up + {requests_} measured requests per page",
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

"""Latency and throughput over HTTP: gunicorn as a subprocess on the loopback, and a small
concurrent client made of threads with keep-alive `http.client` connections (no extra tools)."""

import gc
import http.client
import os
import re
import runpy
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent.parent  # where app.py lives


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """`gunicorn app:app` on a free loopback port; a context manager that always stops it. The
    worker model is gunicorn.conf.py's (what production runs) unless the caller overrides it."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int | None = None,
                 threads: int | None = None, worker_class: str | None = None):
        configured = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        self.env, self.log_path = env, log_path
        self.worker_class = worker_class or configured.get("worker_class", "sync")
        self.workers = workers or configured.get("workers", 1)
        # gunicorn silently runs gthread instead of sync when --threads > 1
        self.threads = (threads or configured.get("threads", 1)) if self.worker_class == "gthread" else 1
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def description(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"gunicorn {self.worker_class}, {self.workers} workers{threads}"

    def __enter__(self) -> "Server":
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{self.port}",
             "--worker-class", self.worker_class, "--workers", str(self.workers),
             "--threads", str(self.threads), "--keep-alive", "10", "--log-level", "warning",
             "app:app"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)  # Ctrl-C reaches the benchmark, which then stops gunicorn
        try:
            self._wait_until_healthy(timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: only gunicorn's processes
                process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# --- client ---------------------------------------------------------------------------------

def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def login(port: int, username: str, password: str) -> str:
    """Log in like a browser (GET the form for its CSRF token, POST it); returns the Cookie header."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", "/login")
        response = conn.getresponse()
        page = response.read().decode()
        _cookies(response, jar)
        token = _CSRF.search(page)
        if not token:
            raise RuntimeError("no csrf_token on /login")
        body = urlencode({"csrf_token": token.group(1), "username": username, "password": password})
        conn.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(jar)})
        response = conn.getresponse()
        response.read()
        _cookies(response, jar)
        if response.status != 302:
            raise RuntimeError(f"login as {username} answered {response.status}, not a redirect")
    finally:
        conn.close()
    return _cookie_header(jar)


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=20, method="inclusive")[18]

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def bad_statuses(self) -> dict[int, int]:
        return {s: n for s, n in self.statuses.items() if s != 200}

    def add(self, other: "LoadResult") -> None:
        """Count another slice of the same page's load with this one."""
        self.latencies_ms += other.latencies_ms
        self.statuses.update(other.statuses)
        self.bytes = other.bytes or self.bytes
        self.seconds += other.seconds
        self.errors += other.errors


def shares(total: int, parts: int) -> list[int]:
    """`total` requests in at most `parts` slices, as even as they go (the first ones one more)."""
    return [total // parts + (1 if n < total % parts else 0) for n in range(min(parts, total))]


def run_load(port: int, path: str, headers: dict[str, str], warmup: int, requests: int,
             concurrency: int, time_limit: float) -> LoadResult:
    """`concurrency` threads, each on its own keep-alive connection, share `warmup` requests
    (not recorded), then `requests` measured ones; the measured phase stops early after
    `time_limit` seconds."""
    result = LoadResult()
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency + 1, timeout=time_limit + 120)
    phase = {"quota": 0, "issued": 0, "record": False, "deadline": 0.0}

    def take() -> bool:
        with lock:
            if phase["issued"] >= phase["quota"] or time.monotonic() > phase["deadline"]:
                return False
            phase["issued"] += 1
            return True

    def fetch(conn: http.client.HTTPConnection) -> tuple[int, bytes]:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            for _ in range(2):  # warm-up, then measured
                barrier.wait()
                while take():
                    started = time.perf_counter()
                    try:
                        status, body = fetch(conn)
                    except (http.client.HTTPException, OSError):
                        conn.close()  # the server closed the keep-alive connection: once more
                        try:
                            status, body = fetch(conn)
                        except (http.client.HTTPException, OSError) as exc:
                            conn.close()
                            with lock:
                                result.errors.append(repr(exc))
                            continue
                    elapsed = (time.perf_counter() - started) * 1000
                    if phase["record"]:
                        with lock:
                            result.latencies_ms.append(elapsed)
                            result.statuses[status] += 1
                            result.bytes = len(body)
                barrier.wait()
        except threading.BrokenBarrierError:
            pass  # the benchmark was interrupted
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    # The client is measuring, not measured: it has the whole portal imported and has built
    # companies, and a full collection of its heap would stall every client thread in the middle
    # of a request and count as the server's time.
    gc.collect()
    gc.freeze()
    try:
        for quota, record in ((warmup, False), (requests, True)):
            phase.update(quota=quota, issued=0, record=record, deadline=time.monotonic() + time_limit)
            barrier.wait()
            started = time.perf_counter()
            barrier.wait()
            if record:
                result.seconds = time.perf_counter() - started
    except BaseException:
        barrier.abort()
        raise
    for t in threads:
        t.join()
    gc.unfreeze()
    return result

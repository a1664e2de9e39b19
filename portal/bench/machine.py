"""How busy the machine was: the benchmark shares it, and every figure suffers when other
processes compete for the cores (a 2-core server running a test suite meanwhile, say)."""

import os
import resource
import time
from pathlib import Path


def python_speed_ms(runs: int = 5) -> float:
    """How fast this machine runs Python now: the best of `runs` times a fixed loop takes (ms).
    The same VM has measured 34 ms on a quiet day and 65 ms on another with nothing else
    running; page timings scale with it, so the report shows it beside them."""
    def once() -> float:
        started, total = time.perf_counter(), 0
        for i in range(1_000_000):
            total += i
        return (time.perf_counter() - started) * 1000
    return min(once() for _ in range(runs))


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


class OtherWork:
    """How many cores other processes kept busy meanwhile: the machine's busy time (/proc/stat,
    steal included) minus this process's and its children's — a running gunicorn given as
    `server_pid` (its workers included), a stopped one through RUSAGE_CHILDREN."""

    def __init__(self, server_pid: int | None = None):
        self.server_pid = server_pid
        self.wall, self.busy, self.own = time.monotonic(), self._busy(), self._own()

    @staticmethod
    def _busy() -> float | None:
        try:
            fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    def _own(self) -> float:
        own = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))
        return own + (process_tree_seconds(self.server_pid) if self.server_pid else 0.0)

    def cores(self) -> float | None:
        """Average cores used by others since creation (without `server_pid`: call it after
        gunicorn has stopped, its time counts once it was waited for)."""
        busy, wall = self._busy(), time.monotonic() - self.wall
        if busy is None or self.busy is None or wall <= 0:
            return None
        return max(0.0, (busy - self.busy) - (self._own() - self.own)) / wall


def process_tree_seconds(root: int) -> float:
    """CPU seconds of a process and its descendants, from /proc."""
    parents, seconds = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        seconds[pid] = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
    tree, total = {root}, 0.0
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    for pid in tree:
        total += seconds.get(pid, 0.0)
    return total


def busy_note(cores: float | None) -> str:
    if cores is None:
        return ""
    return f"; other processes kept {cores:.1f} cores busy meanwhile" + (
        " — the figures are pessimistic" if cores >= 0.25 else "")

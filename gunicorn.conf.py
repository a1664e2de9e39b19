"""gunicorn's settings for the portal: gunicorn reads this file from the working directory
(`gunicorn app:app` in the project folder, as the README and `flask bench` run it)."""

import gc
import os
import sys

# Two single-threaded (sync) workers per core: the portal's requests are CPU-bound Python; threads of one worker take turns at the interpreter lock, and a keep-alive
# connection stays with the worker that accepted it, so with gthread workers one of two workers
# could be given every client while the other idled (the same page measured 30 ms one run and
# 100 ms the next). A sync worker takes the next request whenever it is free; nginx in front
# (README) keeps slow clients off it.
worker_class = "sync"
workers = 2 * len(os.sched_getaffinity(0))


def post_worker_init(worker):
    """Each worker loads the PDF fonts and stylesheets and compiles every template before it
    takes a request, then moves everything loaded so far (the app, SQLAlchemy's mappers, the
    fonts, the compiled templates) out of the garbage collector's sight: a full collection over
    those 400,000 objects took 160 ms of some request's time, and they live as long as the
    worker anyway. The collector's thresholds stay Python's: raised to 20,000, its young
    collections came a few times as rarely but each took 10–16 ms of one request (the decisions
    page's p95 went from 23 to 27 ms), where at 700 each takes a fraction of a millisecond.

    Run with threads (`--threads`), a thread waiting for the interpreter lock (one back from
    SQLite, say) waits up to the switch interval while another renders a page: at the default
    5 ms, a request with ten statements beside a busy neighbour lost tens of milliseconds in that
    queue; 0.5 ms keeps the waits short."""
    from portal.web import pdf
    pdf.warm_up()
    environment = worker.wsgi.jinja_env
    for name in environment.list_templates(extensions=("html", "svg", "txt")):
        environment.get_template(name)
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(0.0005)

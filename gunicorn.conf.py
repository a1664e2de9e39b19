"""gunicorn's settings for the portal: gunicorn reads this file from the working directory
(`gunicorn app:app` in the project folder, as the README and `flask bench` run it)."""

import gc


def post_worker_init(worker):
    """Each worker loads the PDF fonts and stylesheets before it takes a request, then moves
    everything loaded so far (the app, SQLAlchemy's mappers, the fonts) out of the garbage
    collector's sight: a full collection over those 400,000 objects took 160 ms of some
    request's time, and they live as long as the worker anyway. A request leaves a few hundred
    objects to the collector's young generation; at the default threshold (700) that started a
    collection on almost every request (1 ms of a page's 15–30 ms): at 20,000 it runs every few
    dozen requests and keeps at most a few megabytes waiting."""
    from portal.web import pdf
    pdf.warm_up()
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)

"""gunicorn's settings for the portal: gunicorn reads this file from the working directory
(`gunicorn app:app` in the project folder, as the README and `flask bench` run it)."""

import gc


def post_worker_init(worker):
    """Each worker loads the PDF fonts and stylesheets before it takes a request, then moves
    everything loaded so far (the app, SQLAlchemy's mappers, the fonts) out of the garbage
    collector's sight: a full collection over those 400,000 objects took 160 ms of some
    request's time, and they live as long as the worker anyway."""
    from portal.web import pdf
    pdf.warm_up()
    gc.collect()
    gc.freeze()

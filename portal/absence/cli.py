"""`flask sweep-notices`: the end-of-day sweep of leave-post notices, for cron (the board and
people's own pages also run it lazily, so nothing depends on cron alone)."""

import click
from flask.cli import with_appcontext

from . import operations


@click.command("sweep-notices")
@with_appcontext
def sweep_notices():
    """Close the leave-post notices whose working day is over and whose person never came
    back: 旷工 in the register on the notice's own day (regulation 7). Idempotent."""
    closed = operations.sweep()
    click.echo(f"已关闭 {closed} 条未返回的离岗告知。Closed {closed} unreturned leave-post notice(s).")

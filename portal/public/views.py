"""The residents' side: no login. Today the regulations meant for them; later the live
commitment figures and problem reports."""

from flask import Blueprint, abort, render_template

from ..handbook import queries as handbook_queries
from ..handbook.queries import placeholder_values
from ..clock import local_today
from ..web.access import PUBLIC, declare

bp = Blueprint("public", __name__, url_prefix="/public")
declare(bp, PUBLIC)


@bp.get("/")
def index():
    revisions = handbook_queries.current_revisions(local_today(), audience="public")
    return render_template("public/index.html", revisions=revisions)


@bp.get("/regulations/<slug>")
def regulation(slug: str):
    revision = handbook_queries.current_revision(slug, local_today())
    if revision is None or revision.regulation.audience != "public":
        abort(404)
    return render_template("public/regulation.html", revision=revision, values=placeholder_values())

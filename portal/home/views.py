from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..web.access import LOGGED_IN, PUBLIC, declare
from ..staff import queries
from . import panels

bp = Blueprint("home", __name__)
declare(bp, LOGGED_IN)

# For load balancers and monitoring, and the benchmark's floor: no login, no database.
health_bp = Blueprint("health", __name__)
declare(health_bp, PUBLIC)


@health_bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it on their own (e.g. when showing a PDF)."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@health_bp.get("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
def index():
    user = current_user._get_current_object()
    return render_template("home/index.html", user=user, waiting=panels.waiting_for(user),
                           in_charge=queries.departments_in_charge(user))

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..web.access import LOGGED_IN, PUBLIC, declare
from ..staff import queries
from ..staff.labels import RANK_LABELS
from ..clock import utcnow
from . import decisions as decisions_, figures, panels, rules, schedule, team

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


@bp.get("/decisions")
def decisions():
    """Everything waiting for the user's word, from every area, each decided in its row."""
    sections = decisions_.sections_for(current_user._get_current_object())
    return render_template("home/decisions.html", sections=sections, shown=decisions_.shown_of_each(sections),
                           page_stylesheets=list(dict.fromkeys(s for section in sections for s in section.stylesheets)))


@bp.get("/decisions/badge")
def decisions_badge():
    return render_template("home/_decisions_badge.html", count=panels.decisions_waiting(current_user._get_current_object()))


@bp.get("/")
def index():
    user = current_user._get_current_object()
    department = user.department
    line = rules.role_line(department.name if department else None, department.kind if department else None,
                           user.post.title if user.post else None, str(RANK_LABELS[user.rank]))
    return render_template("home/index.html", user=user, waiting=panels.waiting_for(user), role_line=line,
                           in_charge=queries.departments_in_charge(user), figures=figures.card_for(user),
                           schedule=schedule.entries_for(user), team=team.card_for(user, utcnow()))

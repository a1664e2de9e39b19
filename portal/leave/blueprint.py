from flask import Blueprint

from ..web.access import LOGGED_IN, declare
from ..web.templating import template_names

bp = Blueprint("leave", __name__, url_prefix="/leave")
declare(bp, LOGGED_IN)

# The leave area's own sub-navigation: (endpoint, label). Each part appends its pages;
# templates/leave/_subnav.html shows those the user may open.
SUBNAV: list[tuple[str, object]] = []


template_names(bp, leave_subnav=SUBNAV)

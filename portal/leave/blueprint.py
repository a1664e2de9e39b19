from flask import Blueprint

from ..web.access import LOGGED_IN, declare

bp = Blueprint("leave", __name__, url_prefix="/leave")
declare(bp, LOGGED_IN)

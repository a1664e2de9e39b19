from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

from .decisions import DECIDERS

AREA = Area("home", blueprints=("views:bp", "views:health_bp"),
            nav=(NavItem("home.index", _l("Home"), 0),
                 NavItem("home.decisions", _l("Approvals"), 41, badge_endpoint="home.decisions_badge", shown_to=DECIDERS)),
            bench=("bench",))

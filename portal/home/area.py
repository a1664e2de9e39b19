from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area("home", blueprints=("views:bp", "views:health_bp"), nav=(NavItem("home.index", _l("Home"), 0),),
            bench=("bench",))

from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "absence",
    blueprints=("views:bp", "views:kiosk_bp"),
    nav=(NavItem("absence.board", _l("Absence board"), 50),),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
    stylesheets=("absence",),
)

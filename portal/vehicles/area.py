from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "vehicles",
    blueprints=("views:bp",),
    nav=(NavItem("vehicles.index", _l("Cars"), 60), NavItem("vehicles.gate", _l("Gate"), 61),
         NavItem("vehicles.mine", _l("My car"), 62)),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
    stylesheets=("vehicles",),
)

from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "service",
    blueprints=("views:bp", "views_temperature:bp"),
    nav=(NavItem("service.index", _l("Service desk"), 55),),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
    stylesheets=("service",),
)

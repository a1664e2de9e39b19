from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "hygiene",
    blueprints=("views:bp",),
    nav=(NavItem("hygiene.index", _l("Hygiene"), 65),),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
    stylesheets=("hygiene",),
)

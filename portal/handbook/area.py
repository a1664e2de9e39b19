from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "handbook",
    blueprints=("views:bp",),
    nav=(NavItem("handbook.index", _l("Regulations"), 30),),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
)

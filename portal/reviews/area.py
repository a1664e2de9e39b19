from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "reviews",
    blueprints=("views:bp",),
    nav=(NavItem("reviews.mine", _l("Account of duties"), 60),),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
    stylesheets=("reviews",),
)

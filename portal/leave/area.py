from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "leave",
    blueprints=("views:bp",),
    nav=(NavItem("leave.mine", _l("Leave"), 40),),
    home=("home_requests", "home_register", "home_duty"),
    demo=("demo_requests", "demo_register", "demo_duty"),
    bench=("bench",),
    stylesheets=("leave-requests", "leave-register", "leave-duty"),
)

from flask_babel import lazy_gettext as _l

from ..areas import Area, NavItem

AREA = Area(
    "staff",
    blueprints=("views:bp",),
    nav=(NavItem("staff.directory", _l("Directory"), 10), NavItem("staff.departments", _l("Departments"), 20),
         NavItem("staff.admin_index", _l("Administration"), 90)),
    home=("home",),
    demo=("demo",),
    bench=("bench",),
)

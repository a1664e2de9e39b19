from ..areas import Area

AREA = Area("workdays", blueprints=("views:bp",), home=("home",), stylesheets=("workdays",))

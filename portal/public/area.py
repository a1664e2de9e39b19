from ..areas import Area

AREA = Area("public", blueprints=("views:bp",))

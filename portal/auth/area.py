from ..areas import Area

AREA = Area("auth", blueprints=("views:bp",))

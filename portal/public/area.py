from ..areas import Area

AREA = Area("public", blueprints=("views:bp", "views_poster:bp"), bench=("bench",), stylesheets=("public",),
            home=("home",))
"""The residents' side: no login. The regulations meant for them, and the live figures of the
service commitments (regulation 13) computed from the records."""

"""What the hygiene area calls things (English message ids; Chinese in the catalogue). The
checklist items are the regulation's own words (卫生管理制度 §二)."""

from flask_babel import lazy_gettext as _l

from . import rules
from .models import FIX_STATES

KIND_LABELS = {rules.DEPARTMENT_OFFICE: _l("A department’s offices"),
               rules.SHARED: _l("Shared by everyone (weekly rota)"),
               rules.WASHROOM: _l("Washroom or toilet (the guards)"),
               rules.GUARD_ROOM: _l("Guard room (the guards)"),
               rules.GM_OFFICE: _l("The general manager’s office (an appointed person)")}
assert set(KIND_LABELS) == set(rules.ZONE_KINDS)

ITEM_LABELS = {
    "doors_windows": _l("Doors and windows: no dust"),
    "floor": _l("Floor: no dirt, dirty water or loose soil"),
    "walls": _l("Walls and what hangs on them: no cobwebs, no dust"),
    "lamps": _l("Lamps, fans and air conditioners: no dust"),
    "bookcases": _l("Bookcases and mirrors: no dust or stains; books and files in order; nothing piled on top"),
    "desks": _l("Desks: no dust, things in order"),
    "chairs": _l("Tables and chairs straight, seat covers clean"),
    "computers": _l("Computers and printers well kept, no dust"),
    "toilet_clean": _l("Clean all day and well ventilated"),
    "toilet_fittings": _l("Fittings clean, no grime"),
    "toilet_floor": _l("Floor: no standing water, spit, smell, flies, cigarette ends, footprints or litter"),
    "toilet_dry": _l("Corners dry, no cobwebs"),
}
assert set(ITEM_LABELS) == set(rules.ITEMS)

RESULT_LABELS = {rules.PASS: _l("Meets the standard"), rules.FAIL: _l("Fails"), rules.NOT_APPLICABLE: _l("Not here")}
FIX_STATE_LABELS = {"open": _l("To fix"), "fixed": _l("Fixed, to be checked"), "closed": _l("Checked and closed")}
assert set(FIX_STATE_LABELS) == set(FIX_STATES)

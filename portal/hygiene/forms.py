"""Forms of the hygiene area. The inspection's items are radio groups named `item-<key>` with a
photo `photo-<key>` each, read by `read_results` (their number depends on the place)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..staff.forms import plain_choices
from ..web.forms import PortalForm
from . import rules
from .labels import KIND_LABELS

REQUIRED = _l("This field is required.")
PHOTO_KINDS = {"jpeg", "png"}
PHOTO_MAX_BYTES = 8 * 1024 * 1024


class InspectionForm(PortalForm):
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


def read_results(formdata, items) -> tuple[dict[str, str], list[str]]:
    """Each item's result as posted, and the items left without one."""
    results = {item: formdata.get(f"item-{item}", "") for item in items}
    missing = [item for item, outcome in results.items() if outcome not in rules.RESULTS]
    return {item: outcome for item, outcome in results.items() if item not in missing}, missing


class ZoneForm(PortalForm):
    name = StringField(_l("Place"), validators=[InputRequired(REQUIRED), Length(max=40)])
    kind = SelectField(_l("Kind"), choices=plain_choices(KIND_LABELS.items()), validators=[InputRequired(REQUIRED)])
    department_id = SelectField(_l("Answered for by"), coerce=int, validate_choice=True)
    appointed_id = SelectField(_l("Appointed person (the general manager’s office)"), coerce=int, validate_choice=True)
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(0, 999)])
    active = BooleanField(_l("Inspected"), default=True)

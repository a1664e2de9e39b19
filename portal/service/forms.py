"""Forms of the customer-service desk."""

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, days_from_today
from . import rules
from .labels import CATEGORY_LABELS, CHANNEL_LABELS, FAULT_LABELS, SITUATION_LABELS, URGENCY_LABELS

REQUIRED = _l("This field is required.")
PHONE = Regexp(r"^[0-9+\-\s()]{5,40}$", message=_l("Enter a phone number such as 13803351234 or 0335-7123456."))


def situation_choices() -> list[SelectChoice]:
    """The regulation's situations, grouped by class (紧急 / 急 / 一般)."""
    return [SelectChoice("", _l("Choose…"))] + [
        SelectChoice(situation, SITUATION_LABELS[situation], optgroup=URGENCY_LABELS[urgency])
        for urgency, situations in rules.situations_by_urgency().items() for situation in situations]


class ContactForm(PortalForm):
    channel = SelectField(_l("How"), choices=plain_choices(CHANNEL_LABELS.items()), validators=[InputRequired(REQUIRED)])
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[Optional(), PHONE])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=120)])
    household_id = IntegerField(validators=[Optional()])
    matter = TextAreaField(_l("What it is about"), validators=[InputRequired(REQUIRED), Length(max=2000)])


class TicketForm(PortalForm):
    caller = StringField(_l("Name"), validators=[Optional(), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[Optional(), PHONE])
    address = StringField(_l("Address"), validators=[InputRequired(REQUIRED), Length(max=120)])
    household_id = IntegerField(validators=[Optional()])
    category = SelectField(_l("Category"), choices=plain_choices(CATEGORY_LABELS.items()), default="repair",
                           validators=[InputRequired(REQUIRED)])
    situation = SelectField(_l("Situation"), choices=situation_choices(), validators=[InputRequired(REQUIRED)])
    fault = SelectField(_l("Air lock or blockage"), choices=plain_choices(FAULT_LABELS.items()), default="",
                        validators=[Optional()])
    received_at = DateTimeLocalField(_l("Received"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(_l("Enter a date and time such as 2026-11-26 14:30.")), DateWithin(days_from_today(-7), days_from_today(0))])
    branch_id = SelectField(_l("Sent to"), coerce=int, validate_choice=True)
    description = TextAreaField(_l("What the resident says"), validators=[Optional(), Length(max=2000)])


class ComplaintForm(PortalForm):
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[InputRequired(REQUIRED), PHONE])
    address = StringField(_l("Full address"), validators=[InputRequired(REQUIRED), Length(max=120)])
    household_id = IntegerField(validators=[Optional()])
    received_at = DateTimeLocalField(_l("Received"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(_l("Enter a date and time such as 2026-11-26 14:30.")), DateWithin(days_from_today(-7), days_from_today(0))])
    source = SelectField(_l("Source"), choices=plain_choices(CHANNEL_LABELS.items()), validators=[InputRequired(REQUIRED)])
    category = SelectField(_l("Category"), choices=plain_choices(CATEGORY_LABELS.items()), validators=[InputRequired(REQUIRED)])
    content = TextAreaField(_l("The complaint, as the complainant puts it"), validators=[InputRequired(REQUIRED), Length(max=4000)])

"""Forms of the customer-service desk."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, DecimalField, FieldList, Form, FormField, IntegerField,
                     RadioField, SelectField, StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, choose_first, days_from_today
from . import rules
from .labels import (CATEGORY_LABELS, CHANNEL_LABELS, EXEMPTION_LABELS, FAULT_LABELS, ROOM_LABELS, SIGNATURE_LABELS,
                     SITUATION_LABELS, URGENCY_LABELS)

REQUIRED = _l("This field is required.")
PHONE = Regexp(r"^[0-9+\-\s()]{5,40}$", message=_l("Enter a phone number such as 13803351234 or 0335-7123456."))


def situation_choices() -> list[SelectChoice]:
    """The regulation's situations, grouped by class (紧急 / 急 / 一般)."""
    return choose_first(
        SelectChoice(situation, SITUATION_LABELS[situation], optgroup=URGENCY_LABELS[urgency])
        for urgency, situations in rules.situations_by_urgency().items() for situation in situations)


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


# --- room temperature measurement (regulation 10) ---------------------------------------------------------

class RoomForm(Form):
    """One room of a measurement (a row of the form; a row without a room is left out)."""
    room = SelectField(_l("Room"), choices=[SelectChoice("", "—")] + plain_choices(ROOM_LABELS.items()),
                       validators=[Optional()])
    heated = BooleanField(_l("Radiator"), default=True)
    open_to_balcony = BooleanField(_l("Open to a balcony"))
    reading_c = DecimalField(_l("℃"), places=1, validators=[Optional(), NumberRange(Decimal("-10"), Decimal("40"))])

    def validate_room(self, field):               # not on the reading: Optional() stops its checks
        if field.data and self.reading_c.data is None and not self.reading_c.errors:
            raise ValidationError(_l("Enter the reading of each room measured."))


class MeasurementForm(PortalForm):
    household_id = IntegerField(validators=[InputRequired(_l("Choose the household.")),
                                            NumberRange(1, 999_999_999, _l("Choose the household."))])
    with_whom = StringField(_l("Measured together with"), validators=[Optional(), Length(max=40)])
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter a date such as 2026-11-26.")),
                                           DateWithin(days_from_today(-31), days_from_today(0))])
    entered_at = TimeField(_l("Entered the home"), validators=[InputRequired(_l("Enter a time such as 09:30."))])
    started_at = TimeField(_l("Measuring started"), validators=[InputRequired(_l("Enter a time such as 09:30."))])
    ended_at = TimeField(_l("Measuring ended"), validators=[InputRequired(_l("Enter a time such as 09:30."))])
    doors_windows_closed = BooleanField(_l("Doors and windows shut"))
    at_centre = BooleanField(_l("At the room's centre, 1.5 m above the floor"),
                             validators=[InputRequired(_l("The method measures at the room's centre, 1.5 m above the floor."))])
    outdoor_c = DecimalField(_l("Outdoor temperature (℃)"), places=1,
                             validators=[Optional(), NumberRange(Decimal("-40"), Decimal("25"))])
    rooms = FieldList(FormField(RoomForm), min_entries=6, max_entries=8)
    signature = RadioField(_l("Signatures"), choices=plain_choices(SIGNATURE_LABELS.items()), default="signed",
                           validators=[InputRequired(REQUIRED)])
    objection = TextAreaField(_l("The resident's objection"), validators=[Optional(), Length(max=1000)])
    again_requested = BooleanField(_l("The resident asks for a second measurement"))
    exemption = SelectField(_l("Not answerable because"), choices=plain_choices(EXEMPTION_LABELS.items()), default="",
                            validators=[Optional()])

    def validate_rooms(self, field):
        if not any(row.room.data for row in field):
            raise ValidationError(_l("Measure at least one room."))

    def validate_signature(self, field):          # not on the objection itself: Optional() stops its checks
        if field.data == "signed_with_objection" and not (self.objection.data or "").strip():
            raise ValidationError(_l("Write down the resident's objection."))

    def measured_rooms(self) -> list[dict]:
        return [{"room": row.room.data, "heated": row.heated.data, "open_to_balcony": row.open_to_balcony.data,
                 "reading_c": row.reading_c.data} for row in self.rooms if row.room.data]

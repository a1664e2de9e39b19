"""Forms of the vehicles area."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, days_from_today
from .labels import DESTINATION_LABELS, PURPOSE_LABELS, URGENCY_LABELS

REQUIRED = _l("This field is required.")
DATETIME = _l("Enter a date and time such as 2026-11-26 14:30.")


class CarRequestForm(PortalForm):
    reason = TextAreaField(_l("What for"), validators=[InputRequired(REQUIRED), Length(max=300)])
    destination = StringField(_l("Where to"), validators=[InputRequired(REQUIRED), Length(max=80)])
    destination_kind = SelectField(_l("Kind of place"), validators=[InputRequired(REQUIRED)],
                                   choices=[SelectChoice("", _l("Choose…")), *plain_choices(DESTINATION_LABELS.items())])
    within_town = BooleanField(_l("Inside the town"), default=True)
    passengers = IntegerField(_l("People going"), default=1,
                              validators=[InputRequired(_l("How many people go?")), NumberRange(1, 40)])
    starts_at = DateTimeLocalField(_l("Car needed from"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(DATETIME), DateWithin(days_from_today(0), days_from_today(60))])
    ends_at = DateTimeLocalField(_l("Back by"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(DATETIME), DateWithin(days_from_today(0), days_from_today(61))])
    urgency = SelectField(_l("Urgency"), choices=plain_choices(URGENCY_LABELS.items()), default="ordinary",
                         validators=[InputRequired(REQUIRED)])
    purpose = SelectField(_l("Purpose"), choices=plain_choices(PURPOSE_LABELS.items()), default="work",
                         validators=[InputRequired(REQUIRED)])


class AssignForm(PortalForm):
    car_id = SelectField(_l("Car"), coerce=int, validate_choice=False)
    driver_id = SelectField(_l("Driver"), coerce=int, validate_choice=False)
    not_needed_reason = StringField(_l("Why a car all the same"), validators=[Optional(), Length(max=200)])


class RefuseForm(PortalForm):
    note = StringField(_l("Why not"), validators=[InputRequired(_l("Say why, so that they know.")), Length(max=200)])


class GateForm(PortalForm):
    odometer_km = IntegerField(_l("Odometer (km)"), validators=[
        InputRequired(_l("Read the odometer, please.")), NumberRange(0, 9_999_999)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])


class FuelForm(PortalForm):
    car_id = SelectField(_l("Car"), coerce=int, validate_choice=True)
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter a date such as 2026-11-26.")),
                                            DateWithin(days_from_today(-62), days_from_today(0))])
    litres = DecimalField(_l("Litres"), places=2, validators=[
        InputRequired(_l("How many litres?")), NumberRange(Decimal("0.01"), Decimal("500"))])
    amount_yuan = DecimalField(_l("Amount (yuan)"), places=2, validators=[
        InputRequired(_l("How much was paid?")), NumberRange(Decimal("0"), Decimal("10000"))])
    station = StringField(_l("Where"), validators=[Optional(), Length(max=60)])
    designated = BooleanField(_l("At the designated station"), default=True)
    approved_by_id = SelectField(_l("Elsewhere, allowed beforehand by"), coerce=int, validate_choice=True)

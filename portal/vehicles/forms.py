"""Forms of the vehicles area."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, choose_first, days_from_today, years_from_today
from . import rules
from .labels import CAR_STATE_LABELS, CAUSE_LABELS, DESTINATION_LABELS, PURPOSE_LABELS, URGENCY_LABELS

REQUIRED = _l("This field is required.")
DATETIME = _l("Enter a date and time such as 2026-11-26 14:30.")


class CarRequestForm(PortalForm):
    reason = TextAreaField(_l("What for"), validators=[InputRequired(REQUIRED), Length(max=300)])
    destination = StringField(_l("Where to"), validators=[InputRequired(REQUIRED), Length(max=80)])
    destination_kind = SelectField(_l("Kind of place"), validators=[InputRequired(REQUIRED)],
                                   choices=choose_first(plain_choices(DESTINATION_LABELS.items())))
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
    # Choices: 0 (any car of the office's pool) and the cars departments own (the van).
    wants_car_id = SelectField(_l("Car"), coerce=int, default=0, validate_choice=True)
    outside_org = StringField(_l("Lent to another organisation (who borrows it)"),
                              validators=[Optional(), Length(max=80)])


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


class GateCorrectionForm(PortalForm):
    """A mistaken gate entry is corrected by a new one saying how things really are, and why."""
    direction = SelectField(_l("The car is really"), validators=[InputRequired(REQUIRED)],
                            choices=[SelectChoice("in", _l("In the compound")), SelectChoice("out", _l("Out"))])
    odometer_km = IntegerField(_l("Odometer (km)"), validators=[
        InputRequired(_l("Read the odometer, please.")), NumberRange(0, 9_999_999)])
    reason = StringField(_l("What was wrong"), validators=[
        InputRequired(_l("Say what was wrong with the entry.")), Length(max=200)])


class RepairForm(PortalForm):
    car_id = SelectField(_l("Car"), coerce=int, validate_choice=True)
    items = TextAreaField(_l("What needs repairing (one item a line)"), validators=[
        InputRequired(_l("List what needs repairing.")), Length(max=2000)])
    estimate_yuan = DecimalField(_l("Estimated cost (yuan)"), places=2, validators=[
        Optional(), NumberRange(Decimal("0"), Decimal("500000"))])

    def validate_items(self, field):
        if not rules.repair_items(field.data or ""):
            raise ValidationError(_l("List what needs repairing."))


class RepairDoneForm(PortalForm):
    garage = StringField(_l("Garage"), validators=[InputRequired(REQUIRED), Length(max=60)])
    cost_yuan = DecimalField(_l("Cost (yuan)"), places=2, validators=[
        InputRequired(_l("How much did it cost?")), NumberRange(Decimal("0"), Decimal("500000"))])
    done_on = DateField(_l("Done on"), validators=[InputRequired(_l("Enter a date such as 2026-11-26.")),
                                                  DateWithin(days_from_today(-366), days_from_today(0))])


class IncidentForm(PortalForm):
    car_id = SelectField(_l("Car"), coerce=int, validate_choice=True)
    driver_id = SelectField(_l("Driver"), coerce=int, validate_choice=True)
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter a date such as 2026-11-26.")),
                                            DateWithin(days_from_today(-366 * 2), days_from_today(0))])
    cause = SelectField(_l("Cause"), choices=choose_first(plain_choices(CAUSE_LABELS.items())),
                        validators=[InputRequired(REQUIRED)])
    cost_yuan = DecimalField(_l("Fine or loss (yuan)"), places=2, validators=[
        InputRequired(_l("How much? Enter 0 if nothing yet.")), NumberRange(Decimal("0"), Decimal("1000000"))])
    description = TextAreaField(_l("What happened"), validators=[Optional(), Length(max=1000)])


class CarForm(PortalForm):
    plate = StringField(_l("Plate"), validators=[InputRequired(REQUIRED), Length(min=5, max=12)])
    model = StringField(_l("Model"), validators=[InputRequired(REQUIRED), Length(max=40)])
    seats = IntegerField(_l("Seats"), default=5, validators=[InputRequired(REQUIRED), NumberRange(1, 60)])
    driver_id = SelectField(_l("Dedicated driver"), coerce=int, validate_choice=True)
    department_id = SelectField(_l("Belongs to"), coerce=int, validate_choice=True)
    fuel_norm = DecimalField(_l("Fuel norm (L/100 km)"), places=2, validators=[
        InputRequired(REQUIRED), NumberRange(Decimal("1"), Decimal("60"))])
    odometer_km = IntegerField(_l("Odometer (km)"), default=0, validators=[InputRequired(REQUIRED), NumberRange(0, 9_999_999)])
    # a paper due more than a year ago or years ahead is a typing mistake
    insurance_due = DateField(_l("Insurance due"), validators=[Optional(), DateWithin(years_from_today(-1), years_from_today(3))])
    road_fee_due = DateField(_l("Road fees due"), validators=[Optional(), DateWithin(years_from_today(-1), years_from_today(3))])
    state = SelectField(_l("State"), validators=[InputRequired(REQUIRED)],
                        choices=plain_choices(CAR_STATE_LABELS.items()))

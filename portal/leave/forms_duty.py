"""Forms of the duty roster, overtime reports and the allowance setting."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, dates_within, years_from_today
from . import rules

REQUIRED = _l("This field is required.")
UNFILLED = 0  # the person choice meaning "nobody yet"


class DutyShiftForm(PortalForm):
    """Assign a duty shift (the day is one of the month's non-working days)."""
    day = SelectField(_l("Day"), validators=[InputRequired(REQUIRED)], validate_choice=True,
                      filters=[dates_within(DateWithin(years_from_today(-1), years_from_today(1)))])
    post = SelectField(_l("Duty post"), choices=plain_choices((p, p) for p in rules.DUTY_POSTS))
    employee_id = SelectField(_l("Person on duty"), coerce=int, validate_choice=True)


class DutyChangeForm(PortalForm):
    post = SelectField(_l("Duty post"), choices=plain_choices((p, p) for p in rules.DUTY_POSTS))
    employee_id = SelectField(_l("Person on duty"), coerce=int, validate_choice=True)


class OvertimeForm(PortalForm):
    employee_id = SelectField(_l("Who worked overtime"), coerce=int, validate_choice=True)
    # The rules narrow it (two months back, one ahead) and say so; this keeps dates sane.
    day = DateField(_l("Day"), validators=[InputRequired(REQUIRED),
                                           DateWithin(years_from_today(-1), years_from_today(1))])
    days = RadioField(_l("Length"), default="1",
                      choices=plain_choices([("1", _l("A whole day")), ("0.5", _l("Half a day"))]))
    reason = TextAreaField(_l("What the overtime was for"),
                           validators=[DataRequired(REQUIRED), Length(max=500)])


class AllowanceSettingForm(PortalForm):
    amount = StringField(_l("Daily allowance (yuan)"), validators=[Optional(), Length(max=12)])

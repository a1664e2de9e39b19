"""Forms of the attendance register, the spot checks and the follow-up of alarms."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..web.forms import DateWithin, PortalForm, years_from_today
from . import rules
from .labels import CODE_LABELS, REASON_LABELS

REQUIRED = _l("This field is required.")


class SpotCheckForm(PortalForm):
    employee_id = SelectField(_l("Person"), coerce=int, validate_choice=True)
    # The view narrows it (within the last twelve months, not in the future) and says so.
    day = DateField(_l("Day"), validators=[DataRequired(_l("Give the day of the check, e.g. 2026-11-26.")),
                                           DateWithin(years_from_today(-2), years_from_today(1))])
    code = SelectField(_l("Observed"), choices=[SelectChoice(c, CODE_LABELS[c]) for c in rules.ATTENDANCE_CODES])
    absent_reason = SelectField(_l("Reason if absent without leave"), validate_choice=False, default="",
                                choices=[SelectChoice("", "—")] + [SelectChoice(k, v) for k, v in REASON_LABELS.items()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])

    def validate_employee_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the person you checked."))


# --- register conflicts and the follow-up of absence alarms -----------------------------------



class FollowUpForm(PortalForm):
    """One step of an alarm's follow-up; which fields matter depends on the step
    (rules.follow_up_problem says what is missing)."""
    step = SelectField(_l("Step"), validate_choice=True)
    on_date = DateField(_l("Date"), validators=[Optional()])
    held_by_id = SelectField(_l("Held by"), coerce=int, validate_choice=False, default=0)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    period_start = DateField(_l("Excluded from"), validators=[Optional()])
    period_end = DateField(_l("Excluded until"), validators=[Optional()])

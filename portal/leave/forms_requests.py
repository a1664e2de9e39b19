"""Forms and labels of the leave request pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, days_from_today, years_from_today
from . import rules
from .labels import END_PART_LABELS, LEAVE_TYPE_LABELS, START_PART_LABELS

REQUIRED = _l("This field is required.")
DATE = _l("Enter a date such as 2026-12-01.")

PROOF_KINDS = {"pdf", "jpeg", "png"}
PROOF_MAX_BYTES = 5 * 1024 * 1024


class LeaveRequestForm(PortalForm):
    leave_type = SelectField(_l("Type of leave"), choices=plain_choices(LEAVE_TYPE_LABELS.items()),
                             validators=[InputRequired(REQUIRED)])
    # Leave is asked up to a year ahead, or afterwards (sick leave) within a year; a long
    # leave (maternity) may end up to two years ahead.
    start_date = DateField(_l("First day"), validators=[
        InputRequired(DATE), DateWithin(years_from_today(-1), years_from_today(1))])
    start_part = SelectField(_l("Starting"), choices=plain_choices(START_PART_LABELS.items()), default="am")
    end_date = DateField(_l("Last day"), validators=[
        InputRequired(DATE), DateWithin(years_from_today(-1), years_from_today(2))])
    end_part = SelectField(_l("Ending"), choices=plain_choices(END_PART_LABELS.items()), default="pm")
    reason = TextAreaField(_l("Reason for the leave"), validators=[Optional(), Length(max=500)])
    proof = FileField(_l("Proof (marriage or birth certificate, medical record)"))

    def period(self):
        """(type, start, start part, end, end part) when all are valid, else None."""
        fields = (self.leave_type, self.start_date, self.start_part, self.end_date, self.end_part)
        if any(f.errors for f in fields) or None in (self.start_date.data, self.end_date.data):
            return None
        if self.leave_type.data not in rules.LEAVE_TYPES:
            return None
        return tuple(f.data for f in fields)


def id_or_blank(value):
    """A person's id from a choice whose first option is the empty "choose…"."""
    return "" if value in ("", None) else int(value)


# An excuse is asked before the activity; one held in the past month may still be explained.
EXCUSE_DATES = DateWithin(days_from_today(-31), years_from_today(1))


class ExcuseForm(PortalForm):
    organiser_id = SelectField(_l("Organiser"), coerce=id_or_blank, validate_choice=True, default="",
                               validators=[InputRequired(_l("Choose the organiser."))])
    activity = StringField(_l("Meeting, training or exam"), validators=[DataRequired(REQUIRED), Length(max=100)])
    activity_date = DateField(_l("Date"), validators=[InputRequired(DATE), EXCUSE_DATES])
    reason = TextAreaField(_l("Reason for the leave"), validators=[DataRequired(REQUIRED), Length(max=500)])

"""Forms of the absence area."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, days_from_today
from .labels import CATEGORY_LABELS

REQUIRED = _l("This field is required.")
DATETIME = _l("Enter a date and time such as 2026-11-26 14:30.")



class NoticeForm(PortalForm):
    category = SelectField(_l("Why"), choices=plain_choices(CATEGORY_LABELS.items()),
                           validators=[InputRequired(REQUIRED)])
    details = TextAreaField(_l("Details (only your approver and the office see them)"),
                            validators=[Optional(), Length(max=300)])
    # A notice is for today (filed at most a day ahead): the dates stay close to today.
    left_at = DateTimeLocalField(_l("Leaving at"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(DATETIME), DateWithin(days_from_today(-1), days_from_today(1))])
    expected_back = DateTimeLocalField(_l("Back by"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(DATETIME), DateWithin(days_from_today(-1), days_from_today(2))])
    substitute_id = SelectField(_l("Who covers your post"), coerce=int, validate_choice=True)
    contact_phone = StringField(_l("Phone while away"), validators=[
        Optional(), Length(max=20), Regexp(r"^[0-9+\- ]*$", message=_l("Digits only, please."))])


class KioskForm(PortalForm):
    enabled = BooleanField(_l("Show the absence board on the lobby screen without login"))


class ReturnTimeForm(PortalForm):
    """The office or the head records when someone really came back (on the notice's day)."""
    returned_at = DateTimeLocalField(_l("Really back at"), format="%Y-%m-%dT%H:%M", validators=[
        InputRequired(DATETIME), DateWithin(days_from_today(-31), days_from_today(0))])

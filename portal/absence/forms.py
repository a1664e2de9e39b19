"""Forms and labels of the absence area."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..staff.forms import plain_choices
from ..web.forms import DateWithin, PortalForm, days_from_today
from .models import REASON_CATEGORIES

REQUIRED = _l("This field is required.")
DATETIME = _l("Enter a date and time such as 2026-11-26 14:30.")

CATEGORY_LABELS = {
    "business": _l("On company business"), "meeting": _l("Meeting"), "site_visit": _l("Site visit"),
    "bank_or_government": _l("Bank or government office"), "medical": _l("Doctor"),
    "personal": _l("Personal matter"),
}
assert set(CATEGORY_LABELS) == set(REASON_CATEGORIES)
STATE_LABELS = {"pending": _l("Waiting for approval"), "approved": _l("Approved"),
                "refused": _l("Refused"), "returned": _l("Back"), "unreturned": _l("Not back")}
STATUS_LABELS = {"away_without_notice": _l("Away without notice"), "out": _l("Out"),
                 "on_leave": _l("On leave"), "on_leave_am": _l("On leave in the morning"),
                 "on_leave_pm": _l("On leave in the afternoon"), "business_trip": _l("On a business trip"),
                 "on_duty": _l("On duty"), "at_post": _l("At post")}
TIME_PROBLEMS = {
    "back_before_left": _l("The time you will be back must come after the time you leave."),
    "too_far_ahead": _l("A notice is for today: you can file it at most a day ahead."),
    "back_in_past": _l("The time you will be back has already passed."),
    "back_dated": _l("A notice is filed before you leave: the time you leave has already passed. "
                     "If you are already out, tell your head."),
    "other_day": _l("A notice is for part of one day: be back the same day (longer is leave)."),
}


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

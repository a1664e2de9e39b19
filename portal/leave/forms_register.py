"""Labels and forms of the attendance register and the spot checks."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..web.forms import DateWithin, PortalForm, years_from_today
from . import rules

CODE_LABELS = {
    rules.PRESENT: _l("Present"),
    rules.LATE: _l("Late"),
    rules.LEFT_EARLY: _l("Left early"),
    rules.ON_LEAVE: _l("On approved leave"),
    rules.BUSINESS_TRIP: _l("Business trip"),
    rules.ON_DUTY: _l("On duty"),
    rules.ABSENT: _l("Absent without leave"),
}
# The short form shown in a register cell.
CODE_SHORT = {
    rules.PRESENT: _l("present"),
    rules.LATE: _l("late"),
    rules.LEFT_EARLY: _l("early"),
    rules.ON_LEAVE: _l("leave"),
    rules.BUSINESS_TRIP: _l("trip"),
    rules.ON_DUTY: _l("duty"),
    rules.ABSENT: _l("AWOL"),
}
REASON_LABELS = {
    "left_without_approval": _l("Left the post without approval"),
    "skipped_organised_activity": _l("Skipped an organised activity without leave"),
    "games_or_chatting": _l("Card games or chatting at work"),
    "missed_duty_shift": _l("Missed a duty shift"),
}
# The short form shown in a register cell and its reason list.
REASON_SHORT = {
    "left_without_approval": _l("left post"),
    "skipped_organised_activity": _l("skipped activity"),
    "games_or_chatting": _l("cards/chat"),
    "missed_duty_shift": _l("missed duty"),
}
HALF_LABELS = {"day": _l("whole day"), "am": _l("morning"), "pm": _l("afternoon")}
ALARM_LABELS = {
    rules.TALK: _l("Leadership talk (约谈)"),
    rules.EXCLUDE: _l("No awards, promotions or grade rises; report to the county bureau"),
}
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

SOURCE_LABELS = {
    "register": _l("the department's register"),
    "duty": _l("the duty roster"),
    "notice": _l("a leave-post notice"),
    "presence": _l("the office's presence check"),
    "spot_check": _l("a spot check"),
    "conflict": _l("a conflict's decision"),
}
CONFLICT_STATE_LABELS = {
    rules.CONFLICT_OPEN: _l("Waiting for a decision"),
    "approved": _l("The other record stands"),
    "refused": _l("Absence without leave stands"),
    rules.CONFLICT_WITHDRAWN: _l("Withdrawn by the head"),
}
STEP_LABELS = {
    rules.TALK_STEP: _l("Leadership talk (约谈)"),
    rules.MEETING: _l("Management meeting's decision"),
    rules.BUREAU_REPORT: _l("Report to the county bureau (城乡建设局)"),
    rules.EXCLUSION: _l("Excluded from awards, promotions and grade rises"),
}
FOLLOW_UP_PROBLEMS = {
    rules.STEP_UNKNOWN: _l("Choose a step of this alarm's follow-up."),
    rules.DATE_NEEDED: _l("Give the date, e.g. 2026-11-26."),
    rules.DATE_IN_FUTURE: _l("The date cannot be in the future."),
    rules.DATE_TOO_OLD: _l("The date is more than a year ago."),
    rules.HELD_BY_NEEDED: _l("Choose who held the talk."),
    rules.NOTES_NEEDED: _l("Write down what was said or decided."),
    rules.PERIOD_NEEDED: _l("Give the period of the exclusion: from and to."),
    rules.PERIOD_BACKWARDS: _l("The period ends before it starts."),
}


class FollowUpForm(PortalForm):
    """One step of an alarm's follow-up; which fields matter depends on the step
    (rules.follow_up_problem says what is missing)."""
    step = SelectField(_l("Step"), validate_choice=True)
    on_date = DateField(_l("Date"), validators=[Optional()])
    held_by_id = SelectField(_l("Held by"), coerce=int, validate_choice=False, default=0)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    period_start = DateField(_l("Excluded from"), validators=[Optional()])
    period_end = DateField(_l("Excluded until"), validators=[Optional()])

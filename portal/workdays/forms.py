"""The form on which the office enters a year's holiday schedule."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..web.forms import PortalForm
from . import rules

REQUIRED = _l("This field is required.")

PROBLEM_MESSAGES = {
    rules.UNREADABLE: _l("“%(text)s” is not a date: write 2027-01-01, 2027/1/1, 2027年1月1日 or 1月1日, "
                         "or a range such as 2027-02-05至2027-02-11 or 2月5日—11日."),
    rules.IMPOSSIBLE: _l("“%(text)s” is not a date that exists."),
    rules.OTHER_YEAR: _l("“%(text)s” is not in %(year)d."),
    rules.REVERSED: _l("“%(text)s” ends before it starts."),
    rules.TOO_LONG: _l("“%(text)s” is longer than %(days)d days; please check it."),
    rules.BOTH: _l("%(text)s is listed both as a holiday and as a make-up working day."),
    rules.WEEKDAY_MAKEUP: _l("%(text)s is a weekday (Monday to Friday) and a working day anyway; "
                             "make-up working days are Saturdays or Sundays."),
}


def problem_message(problem: rules.DateProblem) -> str:
    return str(PROBLEM_MESSAGES[problem.kind] % {"text": problem.text, "year": problem.year,
                                                 "days": rules.MAX_RANGE_DAYS})


class ScheduleForm(PortalForm):
    """A year's days off and make-up working days as the office types or pastes them; after
    validate(), `holiday_dates` and `workday_dates` hold the dates read."""
    year = IntegerField(_l("Year"), widget=HiddenInput(), validators=[
        InputRequired(REQUIRED),
        NumberRange(rules.FIRST_YEAR, rules.LAST_YEAR, _l("Choose a year from %(min)s to %(max)s."))])
    holidays = TextAreaField(_l("Days off (public holidays)"),
                             validators=[InputRequired(_l("Enter the days off of the year.")), Length(max=3000)])
    workdays = TextAreaField(_l("Make-up working days (调休上班)"), validators=[Optional(), Length(max=1000)])

    holiday_dates: list = []
    workday_dates: list = []

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        year = self.year.data
        self.holiday_dates, holiday_problems = rules.parse_dates(self.holidays.data, year)
        self.workday_dates, workday_problems = rules.parse_dates(self.workdays.data, year)
        self.holidays.errors = [problem_message(p) for p in holiday_problems]
        self.workdays.errors = [problem_message(p) for p in workday_problems]
        if not holiday_problems and not self.holiday_dates:
            self.holidays.errors.append(str(_l("Enter the days off of the year.")))
        if not self.holidays.errors and not self.workdays.errors:
            for problem in rules.schedule_problems(self.holiday_dates, self.workday_dates, year):
                self.workdays.errors.append(problem_message(problem))
        return not (self.holidays.errors or self.workdays.errors)

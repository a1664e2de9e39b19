from datetime import date

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import DateField, FieldList, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..clock import local_today
from ..web.forms import DateWithin, PortalForm, PortalSubform
from ..web.templating import cn_date
from . import rules

REQUIRED = _l("This field is required.")


class ArticleForm(PortalSubform):
    """One article: its own marker (一、) and its text. Emptying the text removes it."""
    marker = StringField(_l("Number"), validators=[Optional(), Length(max=10)])
    text = TextAreaField(_l("Text"), validators=[Optional(), Length(max=5000)])


class RegulationForm(PortalForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=60)])
    preamble = TextAreaField(_l("Preamble"), validators=[Optional(), Length(max=5000)])
    articles = FieldList(FormField(ArticleForm), min_entries=1, max_entries=60)
    closing = TextAreaField(_l("Closing sentence"), validators=[Optional(), Length(max=2000)])
    # The regulations date from 2004; the window a revision may take effect in (from the
    # latest revision to a year ahead) is validate_effective_date's, which names it.
    effective_date = DateField(_l("Takes effect on"), validators=[
        DataRequired(_l("Please enter a valid date.")), DateWithin(date(2000, 1, 1), date(9999, 12, 31))])
    note = TextAreaField(_l("What changed and why"), validators=[DataRequired(REQUIRED), Length(max=2000)])

    def __init__(self, *args, in_force: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_force = in_force  # the latest revision's date: a new one may not come before it

    def validate_effective_date(self, field):
        today = local_today()
        if field.data and rules.effective_date_problem(field.data, self.in_force, today):
            earliest, latest = rules.effective_date_window(today, self.in_force)
            raise ValidationError(_(
                "It cannot take effect before the revision in force (%(earliest)s) nor more than a year ahead: "
                "enter a date from %(earliest)s to %(latest)s.", earliest=cn_date(earliest), latest=cn_date(latest)))

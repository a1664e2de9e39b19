from flask_babel import lazy_gettext as _l
from datetime import date

from wtforms import DateField, FieldList, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import DateWithin, PortalForm, PortalSubform, years_from_today

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
    # The regulations date from 2004; a revision may be prepared up to two years ahead.
    effective_date = DateField(_l("Takes effect on"), validators=[
        DataRequired(_l("Please enter a valid date.")), DateWithin(date(2000, 1, 1), years_from_today(2))])
    note = TextAreaField(_l("What changed and why"), validators=[DataRequired(REQUIRED), Length(max=2000)])

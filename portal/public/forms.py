"""The residents' form: reporting a problem without an account."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..service.forms import PHONE, REQUIRED, situation_choices
from ..web.forms import PortalForm


class ReportForm(PortalForm):
    name = StringField(_l("Your name"), validators=[InputRequired(REQUIRED), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[InputRequired(REQUIRED), PHONE])
    address = StringField(_l("Address: estate, building, unit, room"), validators=[InputRequired(REQUIRED), Length(max=120)])
    situation = SelectField(_l("What is wrong"), choices=situation_choices(), validators=[InputRequired(REQUIRED)])
    text = TextAreaField(_l("Anything else we should know"), validators=[Optional(), Length(max=1000)])

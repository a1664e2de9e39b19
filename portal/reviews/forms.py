"""The forms of the yearly account of duties."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..web.forms import PortalForm
from .rules import ACCOUNT_MAX, COMMENT_MAX

REQUIRED = _l("This field is required.")


class AccountForm(PortalForm):
    account = TextAreaField(_l("The account"), validators=[
        DataRequired(REQUIRED), Length(max=ACCOUNT_MAX)])


class CommentForm(PortalForm):
    comment = TextAreaField(_l("Your comment"), validators=[
        DataRequired(REQUIRED), Length(max=COMMENT_MAX)])

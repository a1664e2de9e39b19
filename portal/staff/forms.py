from flask_babel import lazy_gettext as _l
from ..web.forms import DEFAULT_DATES, PortalForm
from wtforms import (BooleanField, DateField, IntegerField, PasswordField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.forms import NewPasswordMixin
from .labels import KIND_LABELS, RANK_LABELS, ROLE_LABELS
from .rules import DEPARTMENT_KINDS, RANKS, ROLES

REQUIRED = _l("This field is required.")
PHONE = Regexp(r"^[\d\-+ ]{3,20}$", message=_l("Digits only, e.g. 13803351234 or 0335-2021234."))
USERNAME = Regexp(r"^[a-z0-9][a-z0-9._-]{1,39}$",
                  message=_l("2–40 lower-case letters, digits, dots, dashes or underscores."))


def grouped_choices(rows, with_none: bool = True) -> list[SelectChoice]:
    """(id, label, group) rows as options grouped by department; id 0 stands for none."""
    none = [SelectChoice(0, "—")] if with_none else []
    return none + [SelectChoice(ident, label, optgroup=group) for ident, label, group in rows]


def plain_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConfirmPasswordMixin:
    """The administrator's own password, asked again before a change of who approves what
    when they logged in (or last confirmed) more than 15 minutes ago."""
    confirm_password = PasswordField(_l("Your password"), validators=[Optional(), Length(max=200)])


class DepartmentForm(ConfirmPasswordMixin, PortalForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=50)])
    kind = SelectField(_l("Kind"), choices=plain_choices((k, KIND_LABELS[k]) for k in DEPARTMENT_KINDS))
    phone = StringField(_l("Office phone"), validators=[Optional(), PHONE])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=60)])
    head_id = SelectField(_l("Head"), coerce=int, validate_choice=True)
    deputy_id = SelectField(_l("Deputy manager in charge"), coerce=int, validate_choice=True)
    sort_order = IntegerField(_l("Order"), default=100,
                              validators=[Optional(), NumberRange(0, 10000, _l("Between 0 and 10000."))])


class PostForm(ConfirmPasswordMixin, PortalForm):
    department_id = SelectField(_l("Department"), coerce=int)
    title = StringField(_l("Post"), validators=[DataRequired(REQUIRED), Length(max=50)])
    duties = TextAreaField(_l("Duties"), validators=[Length(max=5000)])
    goals = TextAreaField(_l("Tasks and goals"), validators=[Length(max=5000)])
    substitute_id = SelectField(_l("Substitute"), coerce=int)
    sort_order = IntegerField(_l("Order"), default=100,
                              validators=[Optional(), NumberRange(0, 10000, _l("Between 0 and 10000."))])


class EmployeeForm(ConfirmPasswordMixin, PortalForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=20)])
    username = StringField(_l("Username"), validators=[DataRequired(REQUIRED), USERNAME])
    department_id = SelectField(_l("Department"), coerce=int)
    post_id = SelectField(_l("Post"), coerce=int)
    rank = SelectField(_l("Rank"), choices=plain_choices((r, RANK_LABELS[r]) for r in RANKS))
    roles = MultiCheckboxField(_l("Roles"), choices=plain_choices((r, ROLE_LABELS[r]) for r in ROLES))
    phone = StringField(_l("Mobile"), validators=[Optional(), PHONE])
    office_phone = StringField(_l("Office phone"), validators=[Optional(), PHONE])
    hire_date = DateField(_l("Hire date"), validators=[Optional(), DEFAULT_DATES])  # 1950 to ten years ahead
    emergency_contact = StringField(_l("Emergency contact"), validators=[Optional(), Length(max=60)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])


class ResetPasswordForm(NewPasswordMixin, PortalForm):
    pass


class ConfirmForm(PortalForm):
    """An empty form: CSRF for one-click actions (deactivate, activate)."""
    confirm = BooleanField(default=True)

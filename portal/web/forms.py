"""The base of every form: text arrives cleaned, dates arrive within a sensible range.

Control characters (NUL above all, which PostgreSQL refuses) never reach the database, nor
do invisible format characters (Unicode category Cf: bidirectional overrides and isolates
U+202A–U+202E and U+2066–U+2069, zero-width spaces and joiners U+200B–U+200F, word joiner
U+2060, byte-order mark U+FEFF, soft hyphen, tags …): they can make a name or a reason read
differently from what is stored. Chinese text needs none of them (the variation selectors
of CJK ideographs are combining marks, category Mn, and stay). Multi-line fields keep their
line breaks and tabs; single-line fields lose line and paragraph separators too.

Every date and date-time field is checked against a window (`DateWithin`), counted from
today as portal.clock reads it; a field that names none gets `DEFAULT_DATES`, so that no
form accepts a date in year 1 or 9999 (which overflow when converted between zones)."""

import unicodedata
from datetime import date, datetime, timedelta
from functools import cache
from typing import Callable

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Form, PasswordField, StringField, TextAreaField, widgets
from wtforms.fields import DateTimeField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.widgets import core as core_widgets
from wtforms.validators import ValidationError

from .. import clock
from .i18n import WTFORMS_MESSAGES

_KEEP_IN_TEXTAREA = {"\n", "\t"}
_DROPPED = {"Cc", "Cf"}            # control and (invisible) format characters
_LINE_BREAKS = {"Zl", "Zp"}        # U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR


def clean_line(value):
    """One line of text: no control or format characters, no line breaks, no outer spaces."""
    if not isinstance(value, str):
        return value
    kept = []
    for c in value:
        category = unicodedata.category(c)
        if category in _LINE_BREAKS:
            kept.append(" ")
        elif category not in _DROPPED:
            kept.append(c)
    return "".join(kept).strip()


def clean_text(value):
    """Several lines: line breaks normalised to \\n, tabs kept, other control and format
    characters dropped, no outer spaces."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for c in value:
        category = unicodedata.category(c)
        if c in _KEEP_IN_TEXTAREA:
            kept.append(c)
        elif category in _LINE_BREAKS:
            kept.append("\n")
        elif category not in _DROPPED:
            kept.append(c)
    return "".join(kept).strip()


# --- date ranges ------------------------------------------------------------------------------

Bound = date | Callable[[date], date]


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def days_from_today(days: int) -> Callable[[date], date]:
    """A bound `days` after today (before it when negative)."""
    return lambda today: today + timedelta(days=days)


def years_from_today(years: int) -> Callable[[date], date]:
    """A bound `years` calendar years after today (before it when negative)."""
    return lambda today: _shift_years(today, years)


class DateWithin:
    """The field's date — or the date of a date-time — lies from `earliest` to `latest`
    (both included). Each bound is a date or a function of today's date (portal.clock, in
    the company's zone), so a window "a year either side of today" moves with the clock.
    An empty field passes: say InputRequired/Optional for that."""

    def __init__(self, earliest: Bound, latest: Bound, message: str | None = None):
        self.earliest, self.latest, self.message = earliest, latest, message

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        today = today or clock.local_today()
        return tuple(b(today) if callable(b) else b for b in (self.earliest, self.latest))

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not isinstance(day, date):
            return
        earliest, latest = self.bounds()
        if not earliest <= day <= latest:
            message = self.message or _("Enter a date from %(earliest)s to %(latest)s.",
                                        earliest=earliest.isoformat(), latest=latest.isoformat())
            raise ValidationError(str(message))


def dates_within(window: DateWithin) -> Callable:
    """A filter for a field that carries a day as text (a choice of days): a date outside
    `window` becomes "", so that code reading the text never meets year 1 or 9999 (whose
    months and time zones overflow). Text that is no date passes on, for the field to refuse."""
    def keep(value):
        if not isinstance(value, str):
            return value
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return value
        earliest, latest = window.bounds()
        return value if earliest <= day <= latest else ""
    return keep


# Dates of birth, hire dates and anything else without a narrower window.
EARLIEST_DATE = date(1950, 1, 1)
DEFAULT_DATES = DateWithin(EARLIEST_DATE, years_from_today(10))


def _is_date_field(field_class) -> bool:
    return issubclass(field_class, DateTimeField) and not issubclass(field_class, TimeField)


def _with_default_range(unbound_field) -> tuple[tuple, dict]:
    """The field's args and kwargs, a date field's validators ending with DEFAULT_DATES
    unless it has a DateWithin of its own."""
    args, kwargs = unbound_field.args, dict(unbound_field.kwargs)
    if len(args) > 1:  # validators given positionally: (label, validators, …)
        kwargs["validators"], args = args[1], args[:1] + args[2:]
    validators = list(kwargs.get("validators") or ())
    if not any(isinstance(v, DateWithin) for v in validators):
        validators.append(DEFAULT_DATES)
    kwargs["validators"] = validators
    return args, kwargs


def _bind_cleaned(meta, form, unbound_field, options):
    field_class = unbound_field.field_class
    filters = list(unbound_field.kwargs.get("filters", ()))
    if issubclass(field_class, TextAreaField):
        filters.append(clean_text)
    elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
        filters.append(clean_line)
    if _is_date_field(field_class):
        args, kwargs = _with_default_range(unbound_field)
        unbound_field = UnboundField(field_class, *args, name=unbound_field.name, **kwargs)
    return unbound_field.bind(form=form, filters=filters, **options)


def form_problems(form) -> str:
    """Every error of a validated form in one line, for a flash or an htmx message."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


class PortalForm(FlaskForm):
    class Meta:
        bind_field = _bind_cleaned

        def get_translations(self, form):
            return WTFORMS_MESSAGES


class PortalSubform(Form):
    """For rows inside a PortalForm (FormField/FieldList): cleaned the same way, no CSRF."""
    class Meta:
        bind_field = _bind_cleaned


# WTForms 3.3 asks `inspect.signature` how to call the select widget's render_option every time
# it renders a select (0.1–0.3 ms each; the dispatch queue renders two per waiting request). The
# answer depends on the widget class alone: ask once per class.
widgets.Select._dispatch_render_option = classmethod(cache(widgets.Select._dispatch_render_option.__func__))


def html_params(**kwargs) -> Markup:
    """WTForms' `html_params` (every widget writes its attributes with it, a select once per
    option), written with plain string formatting: the library's `Markup.format` runs Python's
    string.Formatter for every attribute — a fifth of the measurement form's time.
    tests/web/test_forms.py holds the two to the same output."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = escape(core_widgets.clean_key(key))
        if value is True:
            params.append(str(key))
        elif value is not False:
            params.append(f'{key}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


LIBRARY_HTML_PARAMS = core_widgets.html_params
core_widgets.html_params = widgets.html_params = html_params            # Select, TextArea, option …
core_widgets.Input.html_params = core_widgets.Button.html_params = staticmethod(html_params)   # inputs, buttons


def choose_first(choices) -> list[SelectChoice]:
    """`choices` after an empty "Choose…": nothing is chosen for the user until they choose."""
    return [SelectChoice("", _l("Choose…")), *choices]

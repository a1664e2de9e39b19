"""The base of every form: text arrives cleaned of control characters and outer spaces.

Control characters (NUL above all, which PostgreSQL refuses) never reach the database;
multi-line fields keep their line breaks and tabs."""

import unicodedata

from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, StringField, TextAreaField

_KEEP_IN_TEXTAREA = {"\n", "\t"}


def clean_line(value):
    if not isinstance(value, str):
        return value
    return "".join(c for c in value if unicodedata.category(c) != "Cc").strip()


def clean_text(value):
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in _KEEP_IN_TEXTAREA or unicodedata.category(c) != "Cc").strip()


def _bind_cleaned(meta, form, unbound_field, options):
    field_class = unbound_field.field_class
    filters = list(unbound_field.kwargs.get("filters", ()))
    if issubclass(field_class, TextAreaField):
        filters.append(clean_text)
    elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
        filters.append(clean_line)
    return unbound_field.bind(form=form, filters=filters, **options)


class PortalForm(FlaskForm):
    class Meta:
        bind_field = _bind_cleaned


class PortalSubform(Form):
    """For rows inside a PortalForm (FormField/FieldList): cleaned the same way, no CSRF."""
    class Meta:
        bind_field = _bind_cleaned

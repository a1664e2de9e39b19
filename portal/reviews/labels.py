"""What the area calls things, in English message ids."""

from flask_babel import lazy_gettext as _l

from . import rules

STATE_LABELS = {
    rules.MISSING: _l("Not written"),
    rules.WRITTEN: _l("Written, awaiting comment"),
    rules.COMMENTED: _l("Commented"),
}

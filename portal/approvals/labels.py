"""What the approvals component says to people."""

from flask_babel import lazy_gettext as _l

from . import rules

PROBLEMS = {
    rules.UNKNOWN_OUTCOME: _l("Choose approve or refuse."),
    rules.REASON_REQUIRED: _l("Please give a reason for refusing."),
    rules.NOTE_TOO_LONG: _l("The reason is too long (500 characters at most)."),
}

OUTCOME_LABELS = {"approved": _l("Approved"), "refused": _l("Refused")}

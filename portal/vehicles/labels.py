"""What the vehicles area calls things (English message ids; Chinese in the catalogue)."""

from flask_babel import lazy_gettext as _l

from . import rules
from .models import REQUEST_STATES

URGENCY_LABELS = {rules.URGENT: _l("Urgent"), rules.ORDINARY: _l("Ordinary")}
PURPOSE_LABELS = {rules.WORK: _l("Work"), rules.RECEPTION: _l("Receiving visitors"), rules.OTHER: _l("Other")}
DESTINATION_LABELS = {rules.GOVERNMENT: _l("A government office"), rules.WORK_SITE: _l("A work site"),
                      rules.OTHER_PLACE: _l("Somewhere else")}
# Why a request has its place in the queue (the regulation's principles, then first come).
REASON_LABELS = {rules.BY_RANK: _l("Superiors first"), rules.BY_URGENCY: _l("Urgent first"),
                 rules.BY_PURPOSE: _l("Work and reception first"), rules.BY_TIME: _l("First come, first served")}
STATE_LABELS = {"waiting": _l("Waiting for the office"), "awaiting_gm": _l("Waiting for the general manager"),
                "dispatched": _l("Car assigned"), "refused": _l("Refused"), "cancelled": _l("Cancelled")}
assert set(STATE_LABELS) == set(REQUEST_STATES)
assert set(REASON_LABELS) == set(rules.REASONS)

ODOMETER_PROBLEMS = {
    rules.READING_BELOW_LAST: _l("Lower than the last reading (%(last)s km): read it again."),
    rules.READING_TOO_FAR: _l("More than %(max)s km since the last reading (%(last)s km): read it again."),
}

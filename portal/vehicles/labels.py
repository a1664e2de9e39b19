"""What the vehicles area calls things (English message ids; Chinese in the catalogue)."""

from flask_babel import gettext as _, lazy_gettext as _l

from . import rules
from .models import CAR_STATES, REQUEST_STATES

URGENCY_LABELS = {rules.URGENT: _l("Urgent"), rules.ORDINARY: _l("Ordinary")}
PURPOSE_LABELS = {rules.WORK: _l("Work"), rules.RECEPTION: _l("Receiving visitors"), rules.OTHER: _l("Other")}
DESTINATION_LABELS = {rules.GOVERNMENT: _l("A government office"), rules.WORK_SITE: _l("A work site"),
                      rules.OTHER_PLACE: _l("Somewhere else")}
# Why a request has its place in the queue (the regulation's principles, then first come).
REASON_LABELS = {rules.BY_RANK: _l("Superiors first"), rules.BY_URGENCY: _l("Urgent first"),
                 rules.BY_PURPOSE: _l("Work and reception first"), rules.BY_TIME: _l("First come, first served")}
STATE_LABELS = {"awaiting": _l("Waiting for approval"), "approved": _l("Approved, waiting for the office"),
                "waiting": _l("Waiting for the office"),
                "dispatched": _l("Car assigned"), "refused": _l("Refused"), "cancelled": _l("Cancelled")}
assert set(STATE_LABELS) == set(REQUEST_STATES)
CAR_STATE_LABELS = {"in_service": _l("In service"), "in_repair": _l("In repair"), "retired": _l("Retired")}
assert set(CAR_STATE_LABELS) == set(CAR_STATES)
assert set(REASON_LABELS) == set(rules.REASONS)

ODOMETER_PROBLEMS = {
    rules.READING_BELOW_LAST: _l("Lower than the last reading (%(last)s km): read it again."),
    rules.READING_TOO_FAR: _l("More than %(max)s km since the last reading (%(last)s km): read it again."),
}

# Who must agree before dispatch (rules.pre_approval).
PRE_APPROVAL_LABELS = {rules.BY_GENERAL_MANAGER: _l("The general manager approves a loan to another organisation first."),
                       rules.BY_OWNING_HEAD: _l("The car belongs to another department: its head agrees first.")}

REPAIR_STATE_LABELS = {rules.LISTED: _l("Listed by the driver"), rules.FORWARDED: _l("With the general manager"),
                       rules.APPROVED: _l("Approved: to the garage"), rules.REFUSED: _l("Not approved"),
                       rules.DONE: _l("Repaired")}
assert set(REPAIR_STATE_LABELS) == set(rules.REPAIR_STATES)

CAUSE_LABELS = {"unlicensed": _l("Driving without a licence"),
                "unauthorised_lending": _l("Car lent to others without permission"),
                "traffic_violation": _l("Breaking traffic rules"),
                "accident": _l("Accident"), "force_majeure": _l("Force majeure")}
# The regulation's article that decides who bears the cost (十二、违规与事故处理).
CAUSE_ARTICLES = {"unlicensed": _l("Art. 12.1 (1)"), "unauthorised_lending": _l("Art. 12.1 (2)"),
                  "traffic_violation": _l("Art. 12.1 (3)–(4)"), "accident": _l("Art. 12.2"),
                  "force_majeure": _l("Art. 12.2")}
assert set(CAUSE_LABELS) == set(CAUSE_ARTICLES) == set(rules.CAUSES)


def car_options(cars) -> dict[int, str]:
    """{car id: "冀C·12345 哈弗H6（5座）"}: the option each car is in the dispatcher's selects, made
    once per page rather than once in every waiting request's select."""
    return {c.id: f"{c.plate} {c.model}（{_('%(n)d seats', n=c.seats)}）" for c in cars}

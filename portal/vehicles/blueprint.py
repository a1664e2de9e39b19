"""The vehicles area's blueprint and who may do what in it."""

from flask import Blueprint

from ..web.access import LOGGED_IN, Policy, declare, either, role
from .labels import (CAR_STATE_LABELS, CAUSE_ARTICLES, CAUSE_LABELS, DESTINATION_LABELS, PRE_APPROVAL_LABELS,
                     PURPOSE_LABELS, REASON_LABELS,
                     REPAIR_STATE_LABELS, STATE_LABELS, URGENCY_LABELS)
from ..web.templating import template_names

bp = Blueprint("vehicles", __name__, url_prefix="/vehicles")
declare(bp, LOGGED_IN)

OFFICE = role("office")
GATE = role("guard", "office")
DRIVERS = role("driver")
GENERAL_MANAGER = Policy("rank:general_manager", True, lambda user: user.rank == "general_manager")
GATE_READERS = either(GATE, GENERAL_MANAGER)
FLEET_KEEPERS = role("office", "admin")
# The driver lists a repair, the office forwards it, the GM decides; all three follow it.
REPAIR_READERS = either(OFFICE, DRIVERS, GENERAL_MANAGER)
REPAIR_ASKERS = either(OFFICE, DRIVERS)
INCIDENT_READERS = either(OFFICE, GENERAL_MANAGER)
# A department head (or anyone above) asks for a car; so may the office.
REQUESTERS = either(Policy("rank:head_or_above", True, lambda user: user.rank != "staff"), OFFICE)


template_names(bp, REQUEST_STATE_LABELS=STATE_LABELS, CAR_STATE_LABELS=CAR_STATE_LABELS, URGENCY_LABELS=URGENCY_LABELS,
               PURPOSE_LABELS=PURPOSE_LABELS, DESTINATION_LABELS=DESTINATION_LABELS, QUEUE_REASON_LABELS=REASON_LABELS,
               REPAIR_STATE_LABELS=REPAIR_STATE_LABELS, CAUSE_LABELS=CAUSE_LABELS, CAUSE_ARTICLES=CAUSE_ARTICLES,
               PRE_APPROVAL_LABELS=PRE_APPROVAL_LABELS)

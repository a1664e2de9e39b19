"""What the customer-service desk calls things (English message ids; Chinese in the catalogue):
regulation 9's situations in its own words, grouped by class."""

from flask_babel import lazy_gettext as _l

from . import rules
from .models import TICKET_EVENT_KINDS

URGENCY_LABELS = {rules.EMERGENCY: _l("Emergency call"), rules.URGENT: _l("Urgent call"),
                  rules.ORDINARY: _l("Ordinary call")}
SITUATION_LABELS = {
    "main_leak": _l("Large leak or break on a primary or secondary main"),
    "resident_leak": _l("A resident reports a leak"),
    "building_cold": _l("A whole building or stairwell is cold"),
    "hotline_transfer": _l("An important call passed on from 12345, 8901890 or 12319"),
    "petition_risk": _l("A dispute about to become a petition"),
    "leadership_pressed": _l("Pressed by higher leadership"),
    "drip": _l("Drips or seeping at unions, gaskets or elbows"),
    "air_or_blockage": _l("Radiators cold from an air lock or a blockage"),
    "clean_separator": _l("The resident asks to clean the dirt separator"),
    "staff_complaint": _l("A complaint about our staff"),
    "measure_today": _l("The resident insists on a measurement today"),
    "area_recheck": _l("Re-measuring the heated area"),
    "measure_request": _l("A room temperature measurement"),
    "fee_reduction": _l("A fee reduction because rooms are cold"),
    "design_cold": _l("Cold rooms from bad pipe design"),
    "ageing_cold": _l("Cold rooms from ageing pipes"),
}
assert set(SITUATION_LABELS) == set(rules.SITUATIONS)
CATEGORY_LABELS = {"repair": _l("Repair service"), "heating_quality": _l("Heating quality"), "billing": _l("Billing"),
                   "connection": _l("Connection"), "other": _l("Other")}
assert set(CATEGORY_LABELS) == set(rules.CATEGORIES)
FAULT_LABELS = {"": _l("Neither"), "air_lock": _l("Air lock (cleared within 3 hours)"),
                "blockage": _l("Blockage (cleared within 24 hours)")}
CHANNEL_LABELS = {"phone": _l("Phone"), "visit": _l("Visit"), "letter": _l("Letter"),
                  "hotline_12345": _l("Hotline 12345"), "hotline_8901890": _l("Hotline 8901890"),
                  "hotline_12319": _l("Hotline 12319")}
assert set(CHANNEL_LABELS) == set(rules.CHANNELS)
OUTCOME_LABELS = {"answered": _l("Answered on the spot"), "told_missing": _l("Told everything missing at once"),
                  "passed_on": _l("Passed on")}
ENTRY_LABELS = {rules.OWNER: _l("Owner"), rules.ASKED_UNIT: _l("Asked the unit responsible"),
                rules.FIXED: _l("Our fault: fixed"), rules.PLAN: _l("Corrective plan"),
                rules.EXPLAINED: _l("A misunderstanding: explained"), rules.TOLD_RESULT: _l("Result told to the complainant"),
                rules.CLOSED: _l("Closed"), rules.CORRECTION: _l("Correction")}
assert set(ENTRY_LABELS) == set(rules.ENTRY_KINDS)
SATISFACTION_LABELS = {rules.SATISFIED: _l("Satisfied"), rules.BASICALLY: _l("Basically satisfied"),
                       rules.UNSATISFIED: _l("Unsatisfied")}
assert set(SATISFACTION_LABELS) == set(rules.SATISFACTION)
VISIT_METHOD_LABELS = {"phone": _l("By phone"), "visit": _l("In person")}
ENTRY_PROBLEMS = {
    rules.CLOSED_ALREADY: _l("The complaint is closed; nothing more is added."),
    rules.NO_KIND: _l("Choose what happened."),
    rules.NOT_TOLD: _l("Tell the complainant the result first: a complaint is closed only then."),
    rules.NO_OWNER: _l("Choose who takes it over."),
    rules.NO_CORRECTED_ENTRY: _l("Say which entry is wrong and why."),
    rules.NO_TEXT: _l("Write what was done or said."),
}

TICKET_EVENT_LABELS = {"received": _l("Received at the desk"), "reopened": _l("Sent back after a return visit"),
                       "arrived": _l("On site"), "cleared": _l("Cleared"), "visited": _l("Called back"),
                       "sent_back": _l("Called back: sent back to the department")}
assert set(TICKET_EVENT_LABELS) == set(TICKET_EVENT_KINDS)

# --- room temperature measurement (regulation 10) ---------------------------------------------------------
ROOM_LABELS = {"bedroom": _l("Bedroom"), "living": _l("Living room"), "hall": _l("Hall"), "kitchen": _l("Kitchen"),
               "bathroom": _l("Bathroom"), "balcony": _l("Balcony")}
assert set(ROOM_LABELS) == set(rules.ROOMS)
SIGNATURE_LABELS = {"signed": _l("The resident signed"), "signed_with_objection": _l("Signed, with an objection"),
                    "refused": _l("The resident refused to sign")}
EXEMPTION_LABELS = {"": _l("None: the company answers for it"),
                    "altered_structure": _l("The resident altered the rooms or the heating"),
                    "decoration_or_insulation": _l("Decoration or insulation is at fault"),
                    "supply_cut": _l("Supply interrupted by a water or power cut or a disaster"),
                    "maintenance_or_trial": _l("Normal maintenance, repairs or a trial run")}
MEASUREMENT_PROBLEM_LABELS = {
    "outside_hours": _l("Measured outside 08:00–21:00"),
    "too_soon": _l("Started less than 15 minutes after entering"),
    "too_short": _l("Lasted less than 10 minutes"),
    "doors_open": _l("Doors or windows were open"),
}
VERDICT_LABELS = {rules.MEETS: _l("Up to standard"), rules.BELOW: _l("Below standard"),
                  rules.DEEMED_MEETS: _l("Deemed up to standard (the resident refused to sign)"),
                  rules.EXEMPT: _l("The company is not answerable")}

TRACK_STEP_LABELS = {"received": _l("Report received"), "classified": _l("Called back and classified"),
                     "on_the_way": _l("Sent to the branch"), "on_site": _l("On site"), "cleared": _l("Cleared")}
assert set(TRACK_STEP_LABELS) == set(rules.TRACK_STEPS)

ENTERED_FIGURE_LABELS = {"billing_accuracy": _l("Billing accuracy"), "facilities_good": _l("Heating facilities in good order")}
ENTERED_FIGURE_COUNTS = {"billing_accuracy": (_l("Bills found correct"), _l("Bills checked")),
                         "facilities_good": (_l("Facilities in good order"), _l("Facilities inspected"))}
assert set(ENTERED_FIGURE_LABELS) == set(ENTERED_FIGURE_COUNTS) == set(rules.ENTERED_FIGURES)
ENTERED_FIGURE_PROBLEMS = {"missing": _l("Enter both counts as whole numbers."),
                           "impossible": _l("The first count cannot be above the second, and the second must be above 0.")}

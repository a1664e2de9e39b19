"""What the absence area calls things (English message ids; Chinese in the catalogue)."""

from flask_babel import force_locale, gettext as _, lazy_gettext as _l

from ..clock import to_local
from . import rules
from .models import REASON_CATEGORIES

CATEGORY_LABELS = {
    "business": _l("On company business"), "meeting": _l("Meeting"), "site_visit": _l("Site visit"),
    "bank_or_government": _l("Bank or government office"), "medical": _l("Doctor"),
    "personal": _l("Personal matter"),
}
assert set(CATEGORY_LABELS) == set(REASON_CATEGORIES)

STATE_LABELS = {"pending": _l("Waiting for approval"), "approved": _l("Approved"),
                "refused": _l("Refused"), "returned": _l("Back"), "unreturned": _l("Not back")}

STATUS_LABELS = {"away_without_notice": _l("Away without notice"), "out": _l("Out"),
                 "on_leave": _l("On leave"), "on_leave_am": _l("On leave in the morning"),
                 "on_leave_pm": _l("On leave in the afternoon"), "business_trip": _l("On a business trip"),
                 "on_duty": _l("On duty"), "at_post": _l("At post")}

TIME_PROBLEMS = {
    "back_before_left": _l("The time you will be back must come after the time you leave."),
    "too_far_ahead": _l("A notice is for today: you can file it at most a day ahead."),
    "back_in_past": _l("The time you will be back has already passed."),
    "back_dated": _l("A notice is filed before you leave: the time you leave has already passed. "
                     "If you are already out, tell your head."),
    "other_day": _l("A notice is for part of one day: be back the same day (longer is leave)."),
}

OUTCOME_LABELS = {None: _l("Back on time"), rules.LATE: _l("Back late"),
                  rules.ABSENT: _l("Not back by the end of the day: absent without leave")}

APPROVER_REASONS = {
    rules.SUBSTITUTE: _l("%(record)s is away; it went to their post substitute %(name)s."),
    rules.OFFICE_HEAD: _l("Your approver cannot be reached; it went to %(name)s, head of the office."),
    rules.GENERAL_MANAGER: _l("Your approver cannot be reached; it went to %(name)s, the general manager."),
}

SUBSTITUTE_PROBLEMS = {
    rules.NO_SUBSTITUTE: _l("Name someone who covers your post while you are away."),
    rules.SELF_SUBSTITUTE: _l("You cannot cover your own post while you are away."),
    rules.SUBSTITUTE_AWAY: _l("%(name)s is away too and cannot cover your post."),
}

RETURN_TIME_PROBLEMS = {
    "before_left": _l("That is before they left."),
    "in_future": _l("That time has not come yet."),
    "other_day": _l("Give a time on the day of the notice."),
}


def register_note(outcome: str, notice) -> str:
    """The note a notice's mark carries in the register: always in Chinese (the register is
    read and printed in Chinese whatever language the person who caused it uses)."""
    due = to_local(notice.expected_back).strftime("%H:%M")
    with force_locale("zh_CN"):
        if outcome == rules.ABSENT:
            return _("Not back from a leave-post notice by the end of the day (due %(time)s)", time=due)
        return _("Back late from a leave-post notice (due %(time)s)", time=due)

# The board's filters, as the summary at its top names them (rules.FILTERS).
FILTER_LABELS = {
    rules.AT_POST: _l("At post"), rules.OUT: _l("Out on a notice"), rules.ON_LEAVE: _l("On leave"),
    rules.BUSINESS_TRIP: _l("On a business trip"), rules.ON_DUTY: _l("On duty"),
    rules.SHOW_OVERDUE: _l("Overdue, not back"), rules.AWAY_WITHOUT_NOTICE: _l("Away without notice"),
    rules.SHOW_AWAY: _l("Everyone away from the post"),
}
assert set(FILTER_LABELS) == set(rules.FILTERS)

# Why a finding of absence cannot be taken back (rules.undo_problem); %(name)s: the person.
UNDO_PROBLEMS = {
    rules.NOT_AWAY_FINDING: _l("Only a finding of absence without notice can be taken back."),
    rules.ALREADY_UNDONE: _l("This finding about %(name)s has already been taken back."),
    rules.NOT_YOURS: _l("Only whoever recorded this finding about %(name)s can take it back."),
    rules.TOO_LATE: _l("More than a minute has passed: the finding about %(name)s stands. "
                       "If it is wrong, correct the attendance register (with a note)."),
}

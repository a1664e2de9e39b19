"""What the absence area calls things (English message ids; Chinese in the catalogue)."""

from flask_babel import force_locale, gettext as _, lazy_gettext as _l

from ..clock import to_local
from . import rules

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

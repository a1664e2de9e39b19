"""What the leave area calls things: requests, the register, duty and the report (English
message ids; Chinese in the catalogue)."""

from flask_babel import lazy_gettext as _l

from . import rules

LEAVE_TYPE_LABELS = {
    "personal": _l("Personal leave"), "sick": _l("Sick leave"), "annual": _l("Annual leave"),
    "bereavement": _l("Bereavement leave"), "marriage": _l("Marriage leave"),
    "maternity": _l("Maternity leave"),
}

PART_LABELS = {"am": _l("morning"), "pm": _l("afternoon")}

START_PART_LABELS = {"am": _l("from the morning"), "pm": _l("from the afternoon")}

END_PART_LABELS = {"am": _l("until noon"), "pm": _l("until the end of the day")}

LEVEL_LABELS = {"department_head": _l("department head"), "deputy_manager": _l("deputy manager in charge"),
                "general_manager": _l("general manager")}

STATE_LABELS = {"submitted": _l("Waiting for approval"), "approved": _l("Approved"),
                "refused": _l("Refused"), "cancelled": _l("Cancelled")}

CODE_LABELS = {
    rules.PRESENT: _l("Present"),
    rules.LATE: _l("Late"),
    rules.LEFT_EARLY: _l("Left early"),
    rules.ON_LEAVE: _l("On approved leave"),
    rules.BUSINESS_TRIP: _l("Business trip"),
    rules.ON_DUTY: _l("On duty"),
    rules.ABSENT: _l("Absent without leave"),
}

# The short form shown in a register cell.
CODE_SHORT = {
    rules.PRESENT: _l("present"),
    rules.LATE: _l("late"),
    rules.LEFT_EARLY: _l("early"),
    rules.ON_LEAVE: _l("leave"),
    rules.BUSINESS_TRIP: _l("trip"),
    rules.ON_DUTY: _l("duty"),
    rules.ABSENT: _l("AWOL"),
}

REASON_LABELS = {
    "left_without_approval": _l("Left the post without approval"),
    "skipped_organised_activity": _l("Skipped an organised activity without leave"),
    "games_or_chatting": _l("Card games or chatting at work"),
    "missed_duty_shift": _l("Missed a duty shift"),
}

# The short form shown in a register cell and its reason list.
REASON_SHORT = {
    "left_without_approval": _l("left post"),
    "skipped_organised_activity": _l("skipped activity"),
    "games_or_chatting": _l("cards/chat"),
    "missed_duty_shift": _l("missed duty"),
}

HALF_LABELS = {"day": _l("whole day"), "am": _l("morning"), "pm": _l("afternoon")}

ALARM_LABELS = {
    rules.TALK: _l("Leadership talk (约谈)"),
    rules.EXCLUDE: _l("No awards, promotions or grade rises; report to the county bureau"),
}

SOURCE_LABELS = {
    "register": _l("the department's register"),
    "duty": _l("the duty roster"),
    "notice": _l("a leave-post notice"),
    "presence": _l("the office's presence check"),
    "spot_check": _l("a spot check"),
    "conflict": _l("a conflict's decision"),
}

CONFLICT_STATE_LABELS = {
    rules.CONFLICT_OPEN: _l("Waiting for a decision"),
    "approved": _l("The other record stands"),
    "refused": _l("Absence without leave stands"),
    rules.CONFLICT_WITHDRAWN: _l("Withdrawn by the head"),
}

STEP_LABELS = {
    rules.TALK_STEP: _l("Leadership talk (约谈)"),
    rules.MEETING: _l("Management meeting's decision"),
    rules.BUREAU_REPORT: _l("Report to the county bureau (城乡建设局)"),
    rules.EXCLUSION: _l("Excluded from awards, promotions and grade rises"),
}

FOLLOW_UP_PROBLEMS = {
    rules.STEP_UNKNOWN: _l("Choose a step of this alarm's follow-up."),
    rules.DATE_NEEDED: _l("Give the date, e.g. 2026-11-26."),
    rules.DATE_IN_FUTURE: _l("The date cannot be in the future."),
    rules.DATE_TOO_OLD: _l("The date is more than a year ago."),
    rules.HELD_BY_NEEDED: _l("Choose who held the talk."),
    rules.NOTES_NEEDED: _l("Write down what was said or decided."),
    rules.PERIOD_NEEDED: _l("Give the period of the exclusion: from and to."),
    rules.PERIOD_BACKWARDS: _l("The period ends before it starts."),
}

DUTY_STATUS_LABELS = {
    rules.ASSIGNED: _l("Assigned"),
    rules.DONE: _l("Done"),
    rules.MISSED: _l("Missed (absent without leave)"),
}

OVERTIME_STATE_LABELS = {
    "submitted": _l("Waiting for the general manager"),
    "approved": _l("Approved"),
    "refused": _l("Refused"),
}

WEEKDAYS = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))

# The report's columns.
REPORT_CODE_LABELS = {
    rules.PRESENT: _l("Present"),
    rules.LATE: _l("Late"),
    rules.LEFT_EARLY: _l("Left early"),
    rules.BUSINESS_TRIP: _l("Business trip"),
    rules.ON_DUTY: _l("On duty (register)"),
    rules.ABSENT: _l("Absent without leave"),
}

"""Regulation 7 (离岗告知制度) rules, at their boundaries."""

from datetime import datetime, timedelta

import pytest

from portal.absence import rules
from portal.leave.rules import needs_leave_request
from portal.workdays.rules import HALF_DAY, PACKAGE_ONLY

T0 = datetime(2026, 11, 26, 9, 0)
M = timedelta(minutes=1)


@pytest.mark.parametrize("rank, level", [
    ("staff", "department_head"),
    ("department_head", "deputy_manager"),
    ("branch_manager", "deputy_manager"),
    ("deputy_manager", "general_manager"),
])
def test_leave_post_approver(rank, level):
    assert rules.leave_post_approver(rank) == level


@pytest.mark.parametrize("rank", ["general_manager", "intern", ""])
def test_leave_post_approver_unknown(rank):
    with pytest.raises(ValueError):
        rules.leave_post_approver(rank)


@pytest.mark.parametrize("candidate, away, office_head, gm, substitute, expected", [
    (10, set(), 40, 1, None, (10, "direct")),             # the approver of record
    (10, {10}, 40, 1, None, (40, "office_head")),         # away, no substitute: the office head (reg. 7)
    (10, {10}, 40, 1, 20, (20, "substitute")),            # away: their post substitute decides (reg. 4)
    (10, {10, 20}, 40, 1, 20, (40, "office_head")),       # … unless the substitute is away too
    (10, {10}, 40, 1, 5, (40, "office_head")),            # … or is the requester
    (10, set(), 40, 1, 20, (10, "direct")),               # a substitute only while the holder is away
    (None, set(), 40, 1, None, (40, "office_head")),      # nobody holds the level
    (10, {10, 40}, 40, 1, None, (1, "general_manager")),  # office head away too: the GM
    (5, set(), 40, 1, None, (40, "office_head")),         # the requester is never their own approver
    (10, {10}, 5, 1, None, (1, "general_manager")),       # the requester is the office head: the GM
    (10, {10, 40, 1}, 40, 1, None, (40, "office_head")),  # everybody away: still the office head hears of it
    (None, set(), None, None, None, (None, "nobody")),
])
def test_resolve_approver(candidate, away, office_head, gm, substitute, expected):
    assert rules.resolve_approver(candidate, 5, away, office_head, gm, substitute) == expected


def test_the_general_managers_notices_are_registered():
    assert rules.is_registered("general_manager")
    assert not any(rules.is_registered(r) for r in ("deputy_manager", "department_head", "staff"))


# --- half a day is working time, lunch excluded (regulations 1 and 7) ------------------------------

D = datetime(2026, 11, 26)     # a Thursday, a working day


def at(hour, minute=0, day=D):
    return day.replace(hour=hour, minute=minute)


@pytest.mark.parametrize("left, back, expected", [
    (at(8), at(12), False),                 # a whole morning: 4 h
    (at(13), at(17, 30), False),            # a whole afternoon: 4½ h
    (at(13), at(17, 31), False),            # after 17:30 is not working time
    (at(10), at(14, 30), False),            # across lunch: 2 h + 1½ h
    (at(8), at(13, 30), False),             # 4 h + ½ h = 4½ h: the limit
    (at(8), at(13, 31), True),              # one minute more
    (at(8), at(14), True),                  # 5 h
    (at(11, 59), at(13, 1), False),         # lunch does not count
    (at(7), at(12, 30), False),             # before 08:00 does not count either
    (at(9), at(15), True),                  # 3 h + 2 h
    (at(8), at(17, 30), True),              # the whole day
    (at(8, day=datetime(2026, 11, 28)), at(17, 30, day=datetime(2026, 11, 28)), False),   # a Saturday
])
def test_needs_leave_request_counts_working_time(left, back, expected):
    assert needs_leave_request(left, back, PACKAGE_ONLY) is expected
    assert needs_leave_request(left, back) is expected        # the portal's calendar (here: the packages)


def test_half_a_day_is_the_longer_half_day_of_the_calendar():
    assert HALF_DAY == timedelta(hours=4, minutes=30)
    assert PACKAGE_ONLY.working_time(at(10), at(14, 30)) == timedelta(hours=3, minutes=30)
    assert PACKAGE_ONLY.working_time(at(14), at(10)) == timedelta(0)
    friday, monday = datetime(2026, 11, 27), datetime(2026, 11, 30)
    assert PACKAGE_ONLY.working_time(at(16, day=friday), at(10, day=monday)) == timedelta(hours=3, minutes=30)


# --- a notice does not protect forever -----------------------------------------------------------

END = at(17, 30)


@pytest.mark.parametrize("expected_back, returned, expected", [
    (at(11), at(10, 59), None),             # back early
    (at(11), at(11), None),                 # back exactly on time
    (at(11), at(11, 1), "late"),            # a minute late
    (at(11), at(17, 30), "late"),           # late, but by the end of the working day
    (at(11), at(17, 31), "absent"),         # not back by the end of the day: 旷工
    (at(11), None, "absent"),               # never back
    (at(17, 30), None, None),               # due at the end of the day: no working time missed
    (at(17, 29), None, "absent"),
    (at(18), at(18, 30), None),             # an evening notice misses no working time
])
def test_notice_outcome(expected_back, returned, expected):
    assert rules.notice_outcome(expected_back, returned, END) == expected


@pytest.mark.parametrize("returned, expected", [(at(11, 10), None), (at(11, 11), "late")])
def test_notice_outcome_with_grace(returned, expected):
    assert rules.notice_outcome(at(11), returned, END, grace_minutes=10) == expected


def test_the_day_end_is_the_calendars():
    assert rules.day_end(at(9, 15)) == END


@pytest.mark.parametrize("left, back, now, expected", [
    (at(10), at(11), at(17, 29), False),    # the working day is not over
    (at(10), at(11), at(17, 30), True),     # it is
    (at(10), at(11), at(9, day=datetime(2026, 11, 27)), True),   # the next morning
    (at(17), at(18), at(17, 45), False),    # not yet due back
    (at(17), at(18), at(18), True),
])
def test_sweep_due(left, back, now, expected):
    assert rules.sweep_due(left, back, now) is expected


@pytest.mark.parametrize("returned, now, grace, expected", [
    (T0 - M, T0, 10, "on_time"),
    (T0 + 10 * M, T0 + 20 * M, 10, "on_time"),      # exactly at the end of the grace period
    (T0 + 10 * M + timedelta(seconds=1), T0 + 20 * M, 10, "late"),
    (T0 + M, T0 + 20 * M, 0, "late"),
    (None, T0 + 10 * M, 10, "on_time"),             # not back, still within grace
    (None, T0 + 11 * M, 10, "overdue"),
    (None, T0 - 60 * M, 10, "on_time"),
    (None, T0 + M, 0, "overdue"),
])
def test_return_status(returned, now, grace, expected):
    assert rules.return_status(T0, returned, now, grace) == expected


@pytest.mark.parametrize("now, expected", [
    (T0 - 25 * M, (False, 25)),
    (T0 - 24 * M - timedelta(seconds=30), (False, 25)),   # minutes left round up
    (T0, (False, 0)),
    (T0 + 12 * M + timedelta(seconds=59), (True, 12)),    # minutes overdue round down
])
def test_countdown(now, expected):
    assert rules.countdown(T0, now) == expected


@pytest.mark.parametrize("left, back, expected", [
    (T0, T0 + M, None),
    (T0, T0, "back_before_left"),
    (T0 + 25 * 60 * M, T0 + 26 * 60 * M, "too_far_ahead"),
    (T0 - 5 * M, T0 + 60 * M, None),                  # filed within the tolerance (5 minutes)
    (T0 - 5 * M - timedelta(seconds=1), T0 + 60 * M, "back_dated"),   # approval comes before leaving
    (T0 - 60 * M, T0 - M, "back_dated"),
    (T0 - 4 * M, T0 - M, "back_in_past"),
    (T0 + 8 * 60 * M, T0 + 16 * 60 * M, "other_day"),   # 17:00 to 01:00: not one day
])
def test_check_times(left, back, expected):
    assert rules.check_times(left, back, T0) == expected


def test_filing_tolerance_is_five_minutes():
    assert rules.FILING_TOLERANCE == timedelta(minutes=5)


@pytest.mark.parametrize("state, left, filed, returned, expected", [
    ("approved", T0 - 30 * M, T0 - 40 * M, None, True),        # approved, filed before leaving
    ("approved", T0 - 30 * M, T0 - 25 * M, None, True),        # filed 5 minutes after: tolerated
    ("approved", T0 - 30 * M, T0 - 24 * M, None, False),       # back-dated
    ("pending", T0 - 30 * M, T0 - 40 * M, None, False),        # not approved (yet)
    ("refused", T0 - 30 * M, T0 - 40 * M, None, False),
    ("approved", T0 + 30 * M, T0 - 40 * M, None, False),       # not begun
    ("returned", T0 - 30 * M, T0 - 40 * M, T0 - M, False),     # back already
])
def test_notice_covers(state, left, filed, returned, expected):
    assert rules.notice_covers(state, left, filed, returned, T0) is expected


# --- someone must cover the post -------------------------------------------------------------------

@pytest.mark.parametrize("substitute, away, expected", [
    (7, set(), None),
    (None, set(), "no_substitute"),
    (5, set(), "self_substitute"),
    (7, {7}, "substitute_away"),
    (7, {8}, None),
])
def test_substitute_problem(substitute, away, expected):
    assert rules.substitute_problem(5, substitute, away) == expected


@pytest.mark.parametrize("post_substitute, colleagues, away, limit, expected", [
    (7, [5, 8, 9], set(), 5, [7, 8, 9]),       # the post's substitute first, never the requester
    (7, [7, 8], {7}, 5, [8]),                  # never someone away
    (None, [5, 8, 9, 10], {9}, 2, [8, 10]),    # at most `limit`
    (None, [5], set(), 5, []),                 # nobody
])
def test_cover_candidates(post_substitute, colleagues, away, limit, expected):
    assert rules.cover_candidates(5, post_substitute, colleagues, away, limit) == expected


@pytest.mark.parametrize("existing, new, on_leave, expected", [
    (None, "late", False, True),
    ("present", "late", False, True),
    ("late", "late", False, False),
    ("absent", "late", False, False),       # a heavier mark stays
    ("late", "absent", False, True),
    ("present", "absent", False, True),
    (None, "absent", True, False),          # approved-leave days are never touched
    ("on_leave", "late", False, False),
])
def test_register_mark(existing, new, on_leave, expected):
    assert rules.register_mark(existing, new, on_leave) is expected


@pytest.mark.parametrize("flags, expected", [
    ((True, True, False, False, True), "out"),
    ((False, True, False, False, True), "away_without_notice"),
    ((False, True, True, True, False), "on_leave"),
    ((False, "day", True, True, False), "on_leave"),
    ((False, "am", True, True, False), "on_leave_am"),      # 上午请假
    ((False, "pm", False, False, False), "on_leave_pm"),    # 下午请假
    ((False, "am", False, False, True), "away_without_notice"),
    ((False, False, True, True, False), "business_trip"),
    ((False, False, False, True, False), "on_duty"),
    ((False, False, False, False, False), "at_post"),
])
def test_board_status(flags, expected):
    assert rules.board_status(*flags) == expected


def test_who_sees_and_does_what():
    assert rules.can_see_details(1, set(), 1, 2, None)            # the person
    assert rules.can_see_details(2, set(), 1, 2, None)            # the approver
    assert rules.can_see_details(9, {"office"}, 1, 2, None)       # the office
    assert not rules.can_see_details(9, {"guard"}, 1, 2, None)
    assert rules.can_decide(2, "pending", 2)
    assert not rules.can_decide(2, "approved", 2)
    assert not rules.can_decide(3, "pending", 2)
    assert rules.can_record_return(1, set(), "approved", 1, 7)
    assert rules.can_record_return(7, set(), "pending", 1, 7)     # the head
    assert rules.can_record_return(9, {"office"}, "approved", 1, 7)
    assert not rules.can_record_return(9, set(), "approved", 1, 7)
    assert not rules.can_record_return(1, set(), "returned", 1, 7)
    assert not rules.can_print_card("refused")
    assert not rules.can_print_card("pending")                  # a card once approved only
    assert rules.can_print_card("approved") and rules.can_print_card("returned")
    assert rules.can_record_return_time(9, {"office"}, "unreturned", 1, 7)   # after the sweep too
    assert rules.can_record_return_time(7, set(), "approved", 1, 7)          # the head
    assert not rules.can_record_return_time(1, set(), "approved", 1, 1)      # never for oneself
    assert not rules.can_record_return_time(9, set(), "approved", 1, 7)
    assert not rules.can_record_return_time(9, {"office"}, "returned", 1, 7)


@pytest.mark.parametrize("returned, expected", [
    (T0 - 60 * M, None), (T0, None),
    (T0 - 121 * M, "before_left"),
    (T0 + M, "in_future"),
])
def test_return_time_problem(returned, expected):
    assert rules.return_time_problem(returned, T0 - 120 * M, T0) == expected


def test_return_time_on_another_day():
    assert rules.return_time_problem(T0 + 24 * 60 * M, T0 - 120 * M, T0 + 25 * 60 * M) == "other_day"


@pytest.mark.parametrize("statuses, expected", [
    ([], []),
    (["at_post"] * 3, [("at_post", 3)]),
    (["on_leave", "out", "at_post", "out"], [("at_post", 1), ("out", 2), ("on_leave", 1)]),
    (["on_duty", "away_without_notice"], [("away_without_notice", 1), ("on_duty", 1)]),
])
def test_a_departments_summary_counts_each_status_in_a_fixed_order(statuses, expected):
    assert rules.status_counts(statuses) == expected

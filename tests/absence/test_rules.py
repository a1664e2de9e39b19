"""Regulation 7 (离岗告知制度) rules, at their boundaries."""

from datetime import datetime, timedelta

import pytest

from portal.absence import rules

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


@pytest.mark.parametrize("candidate, away, office_head, gm, expected", [
    (10, set(), 40, 1, (10, False)),        # the approver of record
    (10, {10}, 40, 1, (40, True)),          # away: the office head (the regulation's fallback)
    (None, set(), 40, 1, (40, True)),       # none (e.g. the GM's own notice)
    (10, {10, 40}, 40, 1, (1, True)),       # office head away too: the GM
    (5, set(), 40, 1, (40, True)),          # the requester themself is never their own approver
    (10, {10}, 5, 1, (1, True)),            # the requester is the office head
    (10, {10, 40, 1}, 40, 1, (40, True)),   # everybody away: still the office head hears of it
    (None, set(), None, None, (None, True)),
])
def test_resolve_approver(candidate, away, office_head, gm, expected):
    assert rules.resolve_approver(candidate, 5, away, office_head, gm) == expected


@pytest.mark.parametrize("minutes, hours, expected", [
    (239, 4, False), (240, 4, False), (241, 4, True),   # half a day is 4 hours by default
    (180, 3, False), (181, 3, True),                    # … a setting
    (1, 4, False),
])
def test_needs_leave_request(minutes, hours, expected):
    assert rules.needs_leave_request(T0, T0 + minutes * M, hours) is expected


def test_needs_leave_request_default_is_four_hours():
    assert not rules.needs_leave_request(T0, T0 + 240 * M)
    assert rules.needs_leave_request(T0, T0 + 241 * M)


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
    (T0 - 60 * M, T0 - M, "back_in_past"),
])
def test_check_times(left, back, expected):
    assert rules.check_times(left, back, T0) == expected


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

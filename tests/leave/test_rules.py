"""Leave and attendance rules, without HTTP or a database.

Calendar facts used below (chinesecalendar, State Council schedules):
2026-03-02 is a Monday of an ordinary week. New Year 2026: 1–3 Jan off, Sun 4 Jan worked.
Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked.
Mid-autumn: Fri 25 Sep off. National Day 2026: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.leave import rules
from portal.leave.rules import (
    InvalidRange, NoWorkingDay, add_months, leave_length,
)

D = date


# --- the calendar --------------------------------------------------------------------

@pytest.mark.parametrize("day, working", [
    (D(2026, 3, 2), True),      # Monday
    (D(2026, 3, 7), False),     # Saturday
    (D(2026, 1, 1), False),     # New Year
    (D(2026, 1, 4), True),      # Sunday, make-up day
    (D(2026, 2, 14), True),     # Saturday, make-up day before Spring Festival
    (D(2026, 2, 16), False),    # Spring Festival (a Monday)
    (D(2026, 2, 28), True),     # Saturday, make-up day after Spring Festival
    (D(2026, 9, 20), True),     # Sunday, make-up day for National Day
    (D(2026, 9, 25), False),    # Mid-autumn (a Friday)
    (D(2026, 10, 1), False),
    (D(2026, 10, 7), False),    # a Wednesday inside the holiday
    (D(2026, 10, 10), True),    # Saturday, make-up day
])
def test_is_working_day(day, working):
    assert rules.is_working_day(day) is working


@pytest.mark.parametrize("day, working", [
    (D(2027, 1, 4), True),      # a Monday of a year the package does not know: statutory holidays
    (D(2027, 1, 1), False),     # New Year's Day, statutory
    (D(2003, 12, 31), True),
    (D(2099, 6, 1), True),
    (D(2099, 6, 6), False),     # a Saturday
])
def test_years_outside_the_package_are_answered_not_refused(day, working):
    assert rules.is_working_day(day) is working


def test_range_errors_are_value_errors():
    assert issubclass(InvalidRange, ValueError)
    assert issubclass(NoWorkingDay, ValueError)


@pytest.mark.parametrize("day, expected", [
    (D(2026, 3, 2), D(2026, 3, 3)),
    (D(2026, 3, 6), D(2026, 3, 9)),       # Friday -> Monday
    (D(2026, 9, 30), D(2026, 10, 8)),     # over National Day
    (D(2026, 10, 9), D(2026, 10, 10)),    # Friday -> make-up Saturday
    (D(2026, 9, 18), D(2026, 9, 20)),     # Friday -> make-up Sunday
    (D(2026, 2, 13), D(2026, 2, 14)),
    (D(2026, 2, 14), D(2026, 2, 24)),     # over Spring Festival
])
def test_next_working_day(day, expected):
    assert rules.next_working_day(day) == expected


# --- leave length --------------------------------------------------------------------

@pytest.mark.parametrize("start, sp, end, ep, days", [
    # half days on one working day and the next
    (D(2026, 3, 2), "am", D(2026, 3, 2), "am", "0.5"),
    (D(2026, 3, 2), "pm", D(2026, 3, 2), "pm", "0.5"),
    (D(2026, 3, 2), "am", D(2026, 3, 2), "pm", "1"),
    (D(2026, 3, 2), "pm", D(2026, 3, 3), "am", "1"),
    (D(2026, 3, 2), "pm", D(2026, 3, 3), "pm", "1.5"),
    (D(2026, 3, 2), "am", D(2026, 3, 3), "am", "1.5"),
    (D(2026, 3, 2), "am", D(2026, 3, 3), "pm", "2"),
    (D(2026, 3, 2), "am", D(2026, 3, 4), "pm", "3"),
    (D(2026, 3, 2), "am", D(2026, 3, 5), "am", "3.5"),
    (D(2026, 3, 2), "am", D(2026, 3, 6), "pm", "5"),
    # over a weekend
    (D(2026, 3, 6), "pm", D(2026, 3, 9), "am", "1"),
    (D(2026, 3, 6), "am", D(2026, 3, 9), "pm", "2"),
    (D(2026, 3, 5), "am", D(2026, 3, 9), "pm", "3"),
    (D(2026, 3, 5), "pm", D(2026, 3, 10), "am", "3"),
    (D(2026, 3, 7), "am", D(2026, 3, 9), "am", "0.5"),    # weekend halves count 0
    (D(2026, 3, 6), "pm", D(2026, 3, 7), "pm", "0.5"),
    (D(2026, 3, 2), "am", D(2026, 3, 13), "pm", "10"),
    # New Year 2026, across the turn of the year; Sun 4 Jan is worked
    (D(2025, 12, 31), "am", D(2026, 1, 5), "pm", "3"),
    # Spring Festival 2026
    (D(2026, 2, 13), "am", D(2026, 2, 24), "pm", "3"),    # Fri, make-up Sat 14, Tue 24
    (D(2026, 2, 14), "am", D(2026, 2, 14), "am", "0.5"),  # make-up Saturday, half day
    (D(2026, 2, 14), "pm", D(2026, 2, 24), "am", "1"),
    (D(2026, 2, 24), "am", D(2026, 2, 28), "pm", "5"),    # Tue–Fri and make-up Sat 28
    (D(2026, 2, 24), "am", D(2026, 3, 1), "pm", "5"),     # Sunday 1 Mar is off
    # Mid-autumn and National Day 2026
    (D(2026, 9, 19), "am", D(2026, 9, 20), "pm", "1"),    # Sat off, make-up Sun on
    (D(2026, 9, 18), "pm", D(2026, 9, 21), "am", "2"),
    (D(2026, 9, 24), "am", D(2026, 9, 25), "pm", "1"),    # Fri 25 Sep is Mid-autumn
    (D(2026, 9, 30), "am", D(2026, 10, 9), "pm", "3"),    # 30 Sep, 8 and 9 Oct
    (D(2026, 9, 30), "pm", D(2026, 10, 8), "am", "1"),
    (D(2026, 9, 30), "am", D(2026, 10, 10), "pm", "4"),   # plus make-up Sat 10 Oct
    (D(2026, 10, 10), "am", D(2026, 10, 10), "pm", "1"),
    (D(2026, 10, 7), "pm", D(2026, 10, 8), "am", "0.5"),
])
def test_leave_length(start, sp, end, ep, days):
    result = leave_length(start, sp, end, ep)
    assert isinstance(result, Decimal)
    assert result == Decimal(days)


@pytest.mark.parametrize("start, sp, end, ep", [
    (D(2026, 3, 7), "am", D(2026, 3, 8), "pm"),           # a weekend
    (D(2026, 3, 7), "pm", D(2026, 3, 7), "pm"),
    (D(2026, 10, 1), "am", D(2026, 10, 7), "pm"),         # National Day
    (D(2026, 2, 15), "am", D(2026, 2, 23), "pm"),         # Spring Festival
    (D(2026, 1, 1), "am", D(2026, 1, 3), "pm"),           # New Year
])
def test_leave_without_working_day_is_refused(start, sp, end, ep):
    with pytest.raises(NoWorkingDay):
        leave_length(start, sp, end, ep)


@pytest.mark.parametrize("start, sp, end, ep", [
    (D(2026, 3, 3), "am", D(2026, 3, 2), "pm"),           # end before start
    (D(2026, 3, 2), "pm", D(2026, 3, 2), "am"),           # same day, pm -> am
    (D(2027, 3, 3), "am", D(2026, 3, 2), "pm"),           # checked before the calendar
])
def test_backwards_range_is_refused(start, sp, end, ep):
    with pytest.raises(InvalidRange):
        leave_length(start, sp, end, ep)


@pytest.mark.parametrize("sp, ep", [("noon", "pm"), ("am", "PM"), ("", "am")])
def test_unknown_half_day_is_refused(sp, ep):
    with pytest.raises(ValueError):
        leave_length(D(2026, 3, 2), sp, D(2026, 3, 3), ep)


@pytest.mark.parametrize("start, end, days", [
    (D(2026, 12, 31), D(2027, 1, 4), "2"),   # into a year the package does not know: 1 Jan off, weekend
    (D(2027, 3, 1), D(2027, 3, 2), "2"),
    (D(2003, 12, 30), D(2004, 1, 5), "4"),   # 30, 31 Dec 2003 (statutory), 2 and 5 Jan 2004 (package)
])
def test_leave_length_outside_the_package_is_counted(start, end, days):
    assert leave_length(start, "am", end, "pm") == Decimal(days)


# --- who approves --------------------------------------------------------------------

@pytest.mark.parametrize("days, level", [
    ("0.5", "department_head"),
    ("1", "department_head"),
    ("1.0", "department_head"),
    ("1.5", "deputy_manager"),
    ("3", "deputy_manager"),
    ("3.5", "general_manager"),
    ("10", "general_manager"),
])
@pytest.mark.parametrize("leave_type", ["personal", "sick", "annual", "bereavement"])
def test_staff_leave_goes_up_by_length(days, level, leave_type):
    assert rules.approver_for("staff", Decimal(days), leave_type) == level


@pytest.mark.parametrize("rank", ["department_head", "branch_manager", "deputy_manager", "general_manager"])
@pytest.mark.parametrize("days", ["0.5", "1", "3", "3.5"])
@pytest.mark.parametrize("leave_type", sorted(rules.LEAVE_TYPES))
def test_heads_and_leaders_always_go_to_the_gm(rank, days, leave_type):
    assert rules.approver_for(rank, Decimal(days), leave_type) == "general_manager"


@pytest.mark.parametrize("leave_type", ["marriage", "maternity"])
@pytest.mark.parametrize("days", ["0.5", "1", "3"])
def test_marriage_and_maternity_always_go_to_the_gm(leave_type, days):
    assert rules.approver_for("staff", Decimal(days), leave_type) == "general_manager"


@pytest.mark.parametrize("rank, days, leave_type", [
    ("intern", Decimal("1"), "personal"),
    ("Staff", Decimal("1"), "personal"),
    ("staff", Decimal("1"), "holiday"),
    ("staff", Decimal("1"), ""),
    ("staff", Decimal("0"), "personal"),
    ("staff", Decimal("-1"), "personal"),
])
def test_approver_for_refuses_unknown_values(rank, days, leave_type):
    with pytest.raises(ValueError):
        rules.approver_for(rank, days, leave_type)


def test_vocabulary():
    assert {t for t, proof in rules.LEAVE_TYPES.items() if proof} == {"marriage", "maternity"}
    assert set(rules.LEAVE_TYPES) == {"personal", "sick", "annual", "bereavement", "marriage", "maternity"}
    from portal.staff.rules import RANKS
    assert rules.RANKS == RANKS


@pytest.mark.parametrize("level, up", [
    ("department_head", "deputy_manager"),
    ("deputy_manager", "general_manager"),
    ("general_manager", "general_manager"),
])
def test_next_level_up(level, up):
    assert rules.next_level_up(level) == up


def test_next_level_up_refuses_unknown_level():
    with pytest.raises(ValueError):
        rules.next_level_up("staff")


# --- resolving the approver: org chart, self-approval, substitutes, away chains -------

HEAD, DEPUTY, GM, OTHER_DEPUTY, COLLEAGUE, STAFF = 1, 2, 3, 4, 11, 10
CHART = {"department_head": HEAD, "deputy_manager": DEPUTY, "general_manager": GM}
SUBS = {HEAD: COLLEAGUE, DEPUTY: OTHER_DEPUTY, GM: DEPUTY}


@pytest.mark.parametrize("level, requester, away, subs, chart, expected", [
    # nobody away
    ("department_head", STAFF, set(), SUBS, CHART, (HEAD, HEAD, "direct")),
    ("deputy_manager", STAFF, set(), SUBS, CHART, (DEPUTY, DEPUTY, "direct")),
    ("general_manager", STAFF, set(), SUBS, CHART, (GM, GM, "direct")),
    # the approver is away: their substitute decides
    ("department_head", STAFF, {HEAD}, SUBS, CHART, (HEAD, COLLEAGUE, "substitute")),
    ("deputy_manager", STAFF, {DEPUTY}, SUBS, CHART, (DEPUTY, OTHER_DEPUTY, "substitute")),
    ("general_manager", STAFF, {GM}, SUBS, CHART, (GM, DEPUTY, "substitute")),
    ("department_head", STAFF, {HEAD}, {HEAD: DEPUTY}, CHART, (HEAD, DEPUTY, "substitute")),
    # ... unless the substitute is away, unset or the requester: one level up
    ("department_head", STAFF, {HEAD, COLLEAGUE}, SUBS, CHART, (DEPUTY, DEPUTY, "away_up")),
    ("department_head", STAFF, {HEAD}, {}, CHART, (DEPUTY, DEPUTY, "away_up")),
    ("department_head", STAFF, {HEAD}, {HEAD: None}, CHART, (DEPUTY, DEPUTY, "away_up")),
    ("department_head", COLLEAGUE, {HEAD}, SUBS, CHART, (DEPUTY, DEPUTY, "away_up")),
    ("general_manager", DEPUTY, {GM}, SUBS, CHART, (GM, GM, "direct")),  # waits for the GM
    # away chains
    ("department_head", STAFF, {HEAD, COLLEAGUE, DEPUTY}, SUBS, CHART, (DEPUTY, OTHER_DEPUTY, "away_up")),
    ("department_head", STAFF, {HEAD, DEPUTY, OTHER_DEPUTY}, {DEPUTY: OTHER_DEPUTY}, CHART,
     (GM, GM, "away_up")),
    ("department_head", STAFF, {HEAD, COLLEAGUE, DEPUTY, OTHER_DEPUTY, GM}, SUBS, CHART,
     (GM, GM, "away_up")),                                               # GM's substitute away too: waits
    ("department_head", STAFF, {HEAD, COLLEAGUE, DEPUTY, OTHER_DEPUTY}, SUBS, CHART,
     (GM, GM, "away_up")),
    ("deputy_manager", STAFF, {DEPUTY, OTHER_DEPUTY, GM}, SUBS, CHART, (GM, GM, "away_up")),
    ("deputy_manager", STAFF, {DEPUTY, GM}, {DEPUTY: None, GM: COLLEAGUE}, CHART,
     (GM, COLLEAGUE, "away_up")),
    # nobody approves their own request
    ("department_head", HEAD, set(), SUBS, CHART, (DEPUTY, DEPUTY, "own_request_up")),
    ("deputy_manager", DEPUTY, set(), SUBS, CHART, (GM, GM, "own_request_up")),
    ("department_head", HEAD, {DEPUTY}, SUBS, CHART, (DEPUTY, OTHER_DEPUTY, "own_request_up")),
    ("deputy_manager", DEPUTY, {GM}, {GM: OTHER_DEPUTY}, CHART, (GM, OTHER_DEPUTY, "own_request_up")),
    ("deputy_manager", DEPUTY, {GM}, SUBS, CHART, (GM, GM, "own_request_up")),  # GM's sub is the requester
    ("general_manager", HEAD, {HEAD}, SUBS, CHART, (GM, GM, "direct")),  # the requester being away is irrelevant
    ("general_manager", GM, set(), SUBS, CHART, (None, None, "no_approver")),
    ("general_manager", GM, {GM}, SUBS, CHART, (None, None, "no_approver")),
    # vacant posts
    ("department_head", STAFF, set(), SUBS, {**CHART, "department_head": None}, (DEPUTY, DEPUTY, "missing_up")),
    ("department_head", STAFF, set(), SUBS, {"general_manager": GM}, (GM, GM, "missing_up")),
    ("department_head", STAFF, {GM}, SUBS, {"general_manager": GM}, (GM, DEPUTY, "missing_up")),
    ("deputy_manager", STAFF, set(), SUBS, {**CHART, "deputy_manager": None}, (GM, GM, "missing_up")),
    ("general_manager", STAFF, set(), SUBS, {**CHART, "general_manager": None}, (None, None, "no_approver")),
    ("department_head", STAFF, set(), SUBS, {}, (None, None, "no_approver")),
    # the first reason for leaving the required level is kept
    ("department_head", STAFF, {DEPUTY, OTHER_DEPUTY}, SUBS, {**CHART, "department_head": None},
     (GM, GM, "missing_up")),
    ("department_head", HEAD, {DEPUTY, OTHER_DEPUTY}, SUBS, CHART, (GM, GM, "own_request_up")),
    # one person holding two levels, away without a substitute
    ("department_head", STAFF, {DEPUTY}, {}, {**CHART, "department_head": DEPUTY}, (GM, GM, "away_up")),
])
def test_resolve_approver(level, requester, away, subs, chart, expected):
    assert rules.resolve_approver(level, chart, requester, away, subs) == expected


def test_resolve_approver_refuses_unknown_level():
    with pytest.raises(ValueError):
        rules.resolve_approver("staff", CHART, STAFF, set(), SUBS)


PEOPLE = st.sampled_from([1, 2, 3, 4, 5, 6])


@settings(max_examples=150, deadline=None)
@given(level=st.sampled_from(rules.APPROVER_LEVELS),
       chart=st.fixed_dictionaries({lvl: st.none() | PEOPLE for lvl in rules.APPROVER_LEVELS}),
       requester=PEOPLE,
       away=st.sets(PEOPLE),
       subs=st.dictionaries(PEOPLE, st.none() | PEOPLE))
def test_resolve_approver_invariants(level, chart, requester, away, subs):
    record, acting, reason = rules.resolve_approver(level, chart, requester, away, subs)
    if record is None:
        assert acting is None and reason == "no_approver"
        return
    assert requester not in (record, acting)                # never one's own approver
    levels = rules.APPROVER_LEVELS
    record_level = next(lvl for lvl in levels[levels.index(level):] if chart[lvl] == record)
    assert levels.index(record_level) >= levels.index(level)  # never below the required level
    if acting != record:
        assert acting == subs[record] and acting not in away
    elif record in away:                                    # only the GM may keep a request waiting
        assert record == chart["general_manager"]
    if reason in ("direct", "substitute"):
        assert record == chart[level]


# --- who is away ---------------------------------------------------------------------

def T(day, hh, mm=0):
    return datetime(2026, 3, day, hh, mm)


@pytest.mark.parametrize("start, sp, end, ep, span", [
    (D(2026, 3, 2), "am", D(2026, 3, 2), "am", (T(2, 8), T(2, 12))),
    (D(2026, 3, 2), "pm", D(2026, 3, 2), "pm", (T(2, 13), T(2, 17, 30))),
    (D(2026, 3, 2), "am", D(2026, 3, 4), "pm", (T(2, 8), T(4, 17, 30))),
    (D(2026, 3, 2), "pm", D(2026, 3, 3), "am", (T(2, 13), T(3, 12))),
])
def test_leave_span(start, sp, end, ep, span):
    assert rules.leave_span(start, sp, end, ep) == span


def test_leave_span_refuses_backwards_range():
    with pytest.raises(InvalidRange):
        rules.leave_span(D(2026, 3, 2), "pm", D(2026, 3, 2), "am")


MORNING_OFF = [rules.leave_span(D(2026, 3, 2), "am", D(2026, 3, 2), "am")]
MON_TO_WED = [rules.leave_span(D(2026, 3, 2), "pm", D(2026, 3, 4), "pm")]
NOTICE_BACK = [(T(5, 9, 30), T(5, 10, 15))]
NOTICE_OPEN = [(T(5, 14), None)]


@pytest.mark.parametrize("intervals, now, away", [
    ([], T(2, 10), False),
    (MORNING_OFF, T(2, 7, 59), False),
    (MORNING_OFF, T(2, 8), True),
    (MORNING_OFF, T(2, 11, 59), True),
    (MORNING_OFF, T(2, 12), False),          # end is exclusive
    (MORNING_OFF, T(2, 14), False),
    (MON_TO_WED, T(2, 12, 59), False),
    (MON_TO_WED, T(2, 13), True),
    (MON_TO_WED, T(3, 2), True),             # nights inside a leave count
    (MON_TO_WED, T(4, 17, 29), True),
    (MON_TO_WED, T(4, 17, 30), False),
    (NOTICE_BACK, T(5, 9, 29), False),
    (NOTICE_BACK, T(5, 9, 30), True),
    (NOTICE_BACK, T(5, 10, 15), False),      # returned
    (NOTICE_OPEN, T(5, 13, 59), False),
    (NOTICE_OPEN, T(5, 14), True),
    (NOTICE_OPEN, T(9, 8), True),            # never marked back: still away
    (MORNING_OFF + NOTICE_BACK, T(5, 10), True),
])
def test_is_away(intervals, now, away):
    assert rules.is_away(intervals, now) is away


def test_away_ids():
    people = {1: MORNING_OFF, 2: MON_TO_WED, 3: [], 4: NOTICE_OPEN}
    assert rules.away_ids(people, T(2, 9)) == {1}
    assert rules.away_ids(people, T(3, 9)) == {2}
    assert rules.away_ids(people, T(5, 15)) == {4}


# --- absence alarms ------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    (D(2026, 1, 15), 1, D(2026, 2, 15)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),     # clamped
    (D(2024, 1, 31), 1, D(2024, 2, 29)),     # leap year
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2026, 3, 31), 3, D(2026, 6, 30)),
    (D(2026, 10, 15), 3, D(2027, 1, 15)),    # over the year end
    (D(2026, 12, 31), 1, D(2027, 1, 31)),
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 1, 15), 12, D(2027, 1, 15)),
    (D(2026, 1, 15), 0, D(2026, 1, 15)),
    (D(2026, 1, 15), -1, D(2025, 12, 15)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def run(first: date, count: int) -> list[date]:
    """`count` consecutive calendar days from `first`."""
    return [date.fromordinal(first.toordinal() + i) for i in range(count)]


TODAY = D(2026, 12, 31)


@pytest.mark.parametrize("dates, alarms", [
    ([], set()),
    (run(D(2026, 1, 1), 29), set()),
    (run(D(2026, 1, 1), 30), {"talk"}),
    (run(D(2026, 1, 1), 29) + run(D(2026, 1, 1), 29), set()),            # duplicates count once
    # 28 days in February between 1 Jan and the window's last day
    ([D(2026, 1, 1)] + run(D(2026, 2, 1), 28) + [D(2026, 3, 31)], {"talk"}),
    ([D(2026, 1, 1)] + run(D(2026, 2, 1), 28) + [D(2026, 4, 1)], set()),  # just over 3 months
    # 10 a month for three months is 30 in [1 Mar, 1 Jun)
    ([d for m in (3, 4, 5) for d in run(D(2026, m, 1), 10)], {"talk"}),
    # the window slides: the 30 need not start on the first absence
    ([D(2026, 1, 1)] + run(D(2026, 4, 1), 30), {"talk"}),
    # 60 within six months
    (run(D(2026, 1, 1), 30) + run(D(2026, 6, 1), 30), {"talk", "exclude"}),
    (run(D(2026, 1, 1), 30) + run(D(2026, 6, 2), 30), {"talk"}),          # 1 Jul is outside [1 Jan, 1 Jul)
    ([d for m in range(1, 7) for d in run(D(2026, m, 1), 10)], {"talk", "exclude"}),
    ([d for m in range(1, 7) for d in run(D(2026, m, 1), 9)], set()),     # 27 per quarter, 54 per half
])
def test_absence_alarms(dates, alarms):
    assert rules.absence_alarms({7: dates}, TODAY) == {7: alarms}


def test_absence_alarms_counts_only_up_to_today():
    dates = run(D(2026, 3, 1), 30)           # 1–30 March
    assert rules.absence_alarms({7: dates}, D(2026, 3, 29)) == {7: set()}
    assert rules.absence_alarms({7: dates}, D(2026, 3, 30)) == {7: {"talk"}}


def test_absence_alarms_per_employee():
    register = {1: run(D(2026, 1, 5), 30), 2: run(D(2026, 1, 5), 5), 3: []}
    assert rules.absence_alarms(register, TODAY) == {1: {"talk"}, 2: set(), 3: set()}


# --- after the leave -----------------------------------------------------------------

@pytest.mark.parametrize("end, part, due", [
    (D(2026, 3, 6), "pm", D(2026, 3, 9)),     # Friday -> Monday
    (D(2026, 3, 6), "am", D(2026, 3, 6)),     # back on Friday afternoon
    (D(2026, 3, 7), "am", D(2026, 3, 9)),     # a Saturday half counts 0
    (D(2026, 9, 30), "pm", D(2026, 10, 8)),   # over National Day
    (D(2026, 10, 9), "pm", D(2026, 10, 10)),  # make-up Saturday
    (D(2026, 2, 13), "pm", D(2026, 2, 14)),   # make-up Saturday
    (D(2026, 2, 14), "pm", D(2026, 2, 24)),   # over Spring Festival
])
def test_report_back_due(end, part, due):
    assert rules.report_back_due(end, part) == due


@pytest.mark.parametrize("end, part, reported, today, overdue", [
    (D(2026, 3, 6), "pm", False, D(2026, 3, 6), False),
    (D(2026, 3, 6), "pm", False, D(2026, 3, 7), False),   # weekend
    (D(2026, 3, 6), "pm", False, D(2026, 3, 8), False),
    (D(2026, 3, 6), "pm", False, D(2026, 3, 9), False),   # Monday is the last day
    (D(2026, 3, 6), "pm", False, D(2026, 3, 10), True),
    (D(2026, 3, 6), "pm", True, D(2026, 3, 10), False),
    (D(2026, 3, 9), "am", False, D(2026, 3, 9), False),
    (D(2026, 3, 9), "am", False, D(2026, 3, 10), True),
    (D(2026, 9, 30), "pm", False, D(2026, 10, 7), False),
    (D(2026, 9, 30), "pm", False, D(2026, 10, 8), False),
    (D(2026, 9, 30), "pm", False, D(2026, 10, 9), True),
    (D(2026, 10, 9), "pm", False, D(2026, 10, 11), True),  # Sat 10 Oct was a working day
])
def test_report_back_overdue(end, part, reported, today, overdue):
    assert rules.report_back_overdue(end, part, reported, today) is overdue


def test_report_back_due_into_a_year_outside_the_package():
    assert rules.report_back_due(D(2026, 12, 31), "pm") == D(2027, 1, 4)
    assert rules.report_back_overdue(D(2026, 12, 31), "pm", False, D(2027, 1, 10)) is True
    with pytest.raises(ValueError):
        rules.report_back_due(D(2026, 3, 6), "evening")


@pytest.mark.parametrize("state, starts, today, allowed", [
    ("submitted", D(2026, 3, 9), D(2026, 3, 8), True),
    ("approved", D(2026, 3, 9), D(2026, 3, 2), True),
    ("approved", D(2026, 3, 9), D(2026, 3, 9), False),    # starts today
    ("submitted", D(2026, 3, 9), D(2026, 3, 10), False),
    ("rejected", D(2026, 3, 9), D(2026, 3, 2), False),
    ("cancelled", D(2026, 3, 9), D(2026, 3, 2), False),
    ("reported_back", D(2026, 3, 9), D(2026, 3, 2), False),
])
def test_can_cancel(state, starts, today, allowed):
    assert rules.can_cancel(state, starts, today) is allowed


@pytest.mark.parametrize("days, daily, expected", [
    (3, None, None),
    (0, None, None),
    (0, Decimal("50"), Decimal("0.00")),
    (3, Decimal("50"), Decimal("150.00")),
    (2, Decimal("37.5"), Decimal("75.00")),
    (1, Decimal("0.333"), Decimal("0.33")),
    (1, Decimal("0.125"), Decimal("0.13")),   # half up, not to even
])
def test_monthly_allowance(days, daily, expected):
    assert rules.monthly_allowance(days, daily) == expected


@pytest.mark.parametrize("days, daily", [(-1, Decimal("50")), (1, Decimal("-5"))])
def test_monthly_allowance_refuses_negatives(days, daily):
    with pytest.raises(ValueError):
        rules.monthly_allowance(days, daily)


# --- attendance register -------------------------------------------------------------

def test_register_codes():
    assert rules.ATTENDANCE_CODES == (
        "present", "late", "left_early", "on_leave", "business_trip", "on_duty", "absent")
    assert rules.ABSENT_REASONS == (
        "left_without_approval", "skipped_organised_activity", "games_or_chatting", "missed_duty_shift")


@pytest.mark.parametrize("code, reason, ok", [
    ("present", None, True),
    ("absent", "games_or_chatting", True),
    ("absent", None, False),
    ("absent", "overslept", False),
    ("late", "missed_duty_shift", False),
    ("sleeping", None, False),
])
def test_check_register_entry(code, reason, ok):
    if ok:
        rules.check_register_entry(code, reason)
    else:
        with pytest.raises(ValueError):
            rules.check_register_entry(code, reason)


# (head's record, spot check) pairs that contradict each other; every other pair agrees.
CONFLICTS = {
    # the head records nothing wrong, the spot check found a fault
    *product(["present", "on_duty", "on_leave", "business_trip"], ["late", "left_early", "absent"]),
    # the head records absence, the spot check found the person at work or excused
    *product(["absent"], ["present", "on_duty", "on_leave", "business_trip"]),
    # late or left early, yet on leave / on a trip
    *product(["late", "left_early"], ["on_leave", "business_trip"]),
}


@pytest.mark.parametrize("head, spot", list(product(rules.ATTENDANCE_CODES, repeat=2)))
def test_spot_check_conflicts(head, spot):
    assert rules.spot_check_conflicts(head, spot) is ((head, spot) in CONFLICTS)


def test_spot_check_refuses_unknown_code():
    with pytest.raises(ValueError):
        rules.spot_check_conflicts("present", "asleep")


# --- requests: record, acting, access, life cycle --------------------------------------

ORG = {"department_head": 10, "deputy_manager": 20, "general_manager": 30}


@pytest.mark.parametrize("level, candidates, requester, expected", [
    ("department_head", ORG, 1, (10, "department_head", "direct")),
    ("department_head", {**ORG, "department_head": None}, 1, (20, "deputy_manager", "missing_up")),
    ("department_head", ORG, 10, (20, "deputy_manager", "own_request_up")),
    ("general_manager", ORG, 30, (None, None, "no_approver")),
])
def test_approver_of_record_ignores_who_is_away(level, candidates, requester, expected):
    assert rules.approver_of_record(level, candidates, requester) == expected


@pytest.mark.parametrize("away, substitutes, expected", [
    (set(), {}, (20, "direct")),
    ({20}, {20: 21}, (21, "substitute")),          # the post substitute decides
    ({20, 21}, {20: 21}, (30, "away_up")),         # substitute away too: one level up
    ({20}, {20: None}, (30, "away_up")),           # no substitute: one level up
    ({20}, {20: 1}, (30, "away_up")),              # the substitute is the requester
    ({20, 30}, {20: None, 30: None}, (30, "away_up")),  # the GM waits for nobody above
])
def test_acting_approver_while_the_approver_of_record_is_away(away, substitutes, expected):
    assert rules.acting_approver(20, "deputy_manager", ORG, 1, away, substitutes) == expected


def test_acting_approver_keeps_the_record_when_the_org_chart_changed():
    assert rules.acting_approver(20, "deputy_manager", {**ORG, "deputy_manager": 22}, 1, set(), {}) == (20, "direct")


def test_who_sees_and_who_decides():
    assert rules.can_see_request(1, 1, 20, 21, None)
    assert rules.can_see_request(21, 1, 20, 21, None) and rules.can_see_request(20, 1, 20, 21, None)
    assert rules.can_see_request(21, 1, 20, None, 21)
    assert not rules.can_see_request(5, 1, 20, 21, None)
    assert not rules.can_see_request(5, 1, None, None, None)
    assert rules.can_decide(21, "submitted", 1, 21)
    assert not rules.can_decide(20, "submitted", 1, 21)   # of record, but away: the substitute decides
    assert not rules.can_decide(21, "approved", 1, 21)
    assert not rules.can_decide(1, "submitted", 1, 1)


def test_report_back_proof_and_refusal():
    now = datetime(2026, 11, 26, 9, 0)
    assert rules.can_report_back("approved", D(2026, 11, 26), "am", False, now)
    assert not rules.can_report_back("approved", D(2026, 11, 26), "pm", False, now)   # begins at 13:00
    assert not rules.can_report_back("approved", D(2026, 11, 27), "am", False, now)
    assert not rules.can_report_back("approved", D(2026, 11, 20), "am", True, now)
    assert not rules.can_report_back("submitted", D(2026, 11, 20), "am", False, now)
    assert rules.proof_missing("marriage", False) and rules.proof_missing("maternity", False)
    assert not rules.proof_missing("marriage", True) and not rules.proof_missing("sick", False)
    with pytest.raises(ValueError):
        rules.proof_missing("holiday", True)
    assert rules.refusal_reason_missing("  ") and rules.refusal_reason_missing(None)
    assert not rules.refusal_reason_missing("人手紧张")


def test_parts_on_leave_and_calendar_scope():
    start, end = D(2026, 11, 25), D(2026, 11, 27)
    assert rules.parts_on_leave(start, "pm", end, "am", D(2026, 11, 25)) == "pm"
    assert rules.parts_on_leave(start, "pm", end, "am", D(2026, 11, 26)) == "full"
    assert rules.parts_on_leave(start, "pm", end, "am", D(2026, 11, 27)) == "am"
    assert rules.parts_on_leave(start, "pm", end, "am", D(2026, 11, 28)) is None
    assert rules.calendar_departments("staff", {"office"}, set(), set()) == rules.CALENDAR_ALL
    assert rules.calendar_departments("general_manager", set(), set(), set()) == rules.CALENDAR_ALL
    assert rules.calendar_departments("deputy_manager", set(), set(), {3, 4}) == {3, 4}
    assert rules.calendar_departments("department_head", set(), {7}, set()) == {7}
    assert rules.calendar_departments("staff", set(), set(), set()) == frozenset()


# --- duty roster, overtime, allowance, monthly report ------------------------------------------

def test_non_working_days_are_weekends_and_holidays_without_make_up_days():
    october = rules.non_working_days(2026, 10)
    assert D(2026, 10, 1) in october and D(2026, 10, 7) in october     # National Day
    assert D(2026, 10, 10) not in october                               # Saturday worked (调休)
    assert rules.non_working_days(2026, 12)[-1] == D(2026, 12, 27)
    january = rules.non_working_days(2027, 1)                         # statutory holidays, provisional
    assert january[:3] == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)] and D(2027, 1, 4) not in january


@pytest.mark.parametrize("text, month", [("2026-11", (2026, 11)), (" 2026-01 ", (2026, 1)), ("2026-13", None),
                                         ("2026-1", None), ("26-11", None), ("", None), (None, None),
                                         ("１９９９-01", None), ("1999-01", None)])
def test_parse_month(text, month):
    assert rules.parse_month(text) == month


@pytest.mark.parametrize("status, day, allowed", [
    ("done", D(2026, 11, 22), True), ("missed", D(2026, 11, 26), True), ("missed", D(2026, 11, 28), False),
    ("assigned", D(2026, 12, 5), True), ("gone", D(2026, 11, 1), False)])
def test_duty_status_only_from_the_day_on(status, day, allowed):
    assert rules.duty_status_allowed(status, day, D(2026, 11, 26)) is allowed


def test_only_an_assigned_shift_changes():
    assert rules.can_change_shift("assigned") and not rules.can_change_shift("done")
    assert not rules.can_change_shift("missed")


@pytest.mark.parametrize("day, problem", [(D(2026, 9, 25), None), (D(2026, 9, 24), "too_old"),
                                          (D(2026, 12, 27), None), (D(2026, 12, 28), "too_far_ahead")])
def test_overtime_day_window(day, problem):
    assert rules.overtime_day_problem(day, D(2026, 11, 26)) == problem


def test_overtime_decisions():
    assert rules.can_decide_overtime("submitted", "general_manager")
    assert not rules.can_decide_overtime("approved", "general_manager")
    assert not rules.can_decide_overtime("submitted", "deputy_manager")
    assert rules.decision_problem(False, " ") == "reason_required"
    assert rules.decision_problem(False, "可调休") is None and rules.decision_problem(True, "") is None
    assert rules.can_report_overtime(4, {4, 9}) and not rules.can_report_overtime(5, {4})


@pytest.mark.parametrize("text, value", [("50", Decimal("50")), ("37.5", Decimal("37.5")), ("0", Decimal("0")),
                                         (" 60元 ", Decimal("60")), ("", None), (None, None), ("10000", Decimal("10000"))])
def test_parse_allowance(text, value):
    assert rules.parse_allowance(text) == value


@pytest.mark.parametrize("text", ["-1", "abc", "1e3", "1.005", "10000.01", "NaN", "Infinity", "１２", "5,0"])
def test_parse_allowance_refuses(text):
    with pytest.raises(ValueError):
        rules.parse_allowance(text)


def test_allowance_days_and_amount():
    days = rules.allowance_days(2, [Decimal("0.5"), Decimal("1")])
    assert days == Decimal("3.5")
    assert rules.monthly_allowance(days, Decimal("50")) == Decimal("175.00")
    assert rules.monthly_allowance(days, None) is None


@pytest.mark.parametrize("start, start_part, end, end_part, month, days", [
    (D(2026, 9, 29), "am", D(2026, 10, 9), "pm", (2026, 9), Decimal("2")),     # 29, 30 Sep
    (D(2026, 9, 29), "am", D(2026, 10, 9), "pm", (2026, 10), Decimal("2")),    # 8, 9 Oct after the holiday
    (D(2026, 9, 30), "pm", D(2026, 10, 12), "am", (2026, 10), Decimal("3.5")), # 8, 9, Sat 10 (调休), half of 12
    (D(2026, 10, 1), "am", D(2026, 10, 7), "pm", (2026, 10), Decimal("0")),    # only holidays
    (D(2026, 8, 3), "am", D(2026, 8, 4), "pm", (2026, 9), Decimal("0")),       # another month
])
def test_leave_days_within_a_month(start, start_part, end, end_part, month, days):
    first, last = rules.month_days(*month)
    assert rules.leave_days_within(start, start_part, end, end_part, first, last) == days


def test_report_scope():
    assert rules.report_scope({"office"}, "staff", (), ()) == rules.REPORT_ALL
    assert rules.report_scope(set(), "general_manager", (), ()) == rules.REPORT_ALL
    assert rules.report_scope(set(), "deputy_manager", (), {2, 3}) == {2, 3}
    assert rules.report_scope(set(), "department_head", {4}, ()) == {4}
    assert rules.report_scope({"admin"}, "staff", (), ()) == frozenset()


# --- attendance register (register part) ------------------------------------------------

@pytest.mark.parametrize("viewer, rank, roles, head, deputy, keep, read", [
    (5, "department_head", set(), 5, 2, True, True),        # the head of record
    (6, "department_head", set(), 5, 2, False, False),      # another head
    (2, "deputy_manager", set(), 5, 2, False, True),        # the deputy overseeing it
    (3, "deputy_manager", set(), 5, 2, False, False),       # another deputy
    (1, "general_manager", set(), 5, 2, False, True),
    (7, "staff", {"office"}, 5, 2, False, True),
    (8, "staff", {"inspector"}, 5, 2, False, False),
    (9, "staff", set(), None, None, False, False),          # a department without a head
])
def test_register_ownership(viewer, rank, roles, head, deputy, keep, read):
    assert rules.can_keep_register(viewer, head) is keep
    assert rules.can_read_register(viewer, rank, roles, head, deputy) is read


def test_alarm_and_spot_check_readers():
    assert rules.can_see_alarms(8, "staff", {"inspector"}, None)
    assert rules.can_see_alarms(7, "staff", {"office"}, None)
    assert rules.can_see_alarms(2, "deputy_manager", set(), 2) and not rules.can_see_alarms(2, "deputy_manager", set(), 3)
    assert rules.can_see_spot_checks(8, "staff", {"inspector"}, None)
    assert not rules.can_see_spot_checks(7, "staff", {"office"}, None)
    assert rules.can_record_spot_check({"inspector"}) and not rules.can_record_spot_check({"office"})


TODAY = D(2026, 11, 26)


@pytest.mark.parametrize("code, reason, day, working, on_leave, problem", [
    ("present", None, D(2026, 11, 25), True, False, None),
    ("present", None, D(2026, 11, 26), True, False, None),                 # today may be recorded
    ("present", None, D(2026, 11, 27), True, False, rules.FUTURE_DAY),
    ("present", None, D(2026, 11, 22), False, False, rules.NOT_WORKING_DAY),
    ("present", None, D(2026, 11, 25), True, True, rules.LEAVE_LOCKED),
    ("", None, D(2026, 11, 25), True, True, rules.LEAVE_LOCKED),
    ("", None, D(2026, 11, 25), True, False, None),                        # clearing
    ("on_leave", None, D(2026, 11, 25), True, False, rules.LEAVE_NEEDS_REQUEST),
    ("asleep", None, D(2026, 11, 25), True, False, rules.UNKNOWN_CODE),
    ("absent", None, D(2026, 11, 25), True, False, rules.REASON_NEEDED),
    ("absent", "napping", D(2026, 11, 25), True, False, rules.REASON_NEEDED),
    ("absent", "missed_duty_shift", D(2026, 11, 25), True, False, None),
])
def test_register_cell_problem(code, reason, day, working, on_leave, problem):
    assert rules.register_cell_problem(code, reason, day, TODAY, working, on_leave) == problem


def test_working_days_of_october_2026_leave_out_national_day():
    days = rules.working_days_between(*rules.month_bounds(2026, 10))
    assert D(2026, 10, 1) not in days and D(2026, 10, 10) in days and D(2026, 10, 11) not in days
    assert rules.month_bounds(2026, 2) == (D(2026, 2, 1), D(2026, 2, 28))


def test_leave_halves():
    spans = [(1, D(2026, 11, 23), "pm", D(2026, 11, 25), "am"),   # Mon pm .. Wed am
             (2, D(2026, 11, 26), "am", D(2026, 11, 26), "am"),
             (2, D(2026, 11, 26), "pm", D(2026, 11, 26), "pm"),   # two halves: a whole day
             (3, D(2026, 10, 28), "am", D(2026, 12, 3), "pm")]    # longer than the range
    got = rules.leave_halves(spans, D(2026, 11, 23), D(2026, 11, 27))
    assert got[(1, D(2026, 11, 23))] == "pm" and got[(1, D(2026, 11, 24))] == "day"
    assert got[(1, D(2026, 11, 25))] == "am" and (1, D(2026, 11, 26)) not in got
    assert got[(2, D(2026, 11, 26))] == "day"
    assert {d for p, d in got if p == 3} == {D(2026, 11, d) for d in range(23, 28)}
    assert rules.day_record("present", True) == rules.ON_LEAVE and rules.day_record("late", False) == "late"


def _spread(first: date, n: int, step: int = 1) -> list[date]:
    from datetime import timedelta
    return [first + timedelta(days=i * step) for i in range(n)]


@pytest.mark.parametrize("count, standing", [(19, None), (20, "near"), (29, "near"), (30, "reached")])
def test_alarm_standing_for_the_talk(count, standing):
    days = _spread(D(2026, 9, 1), count, step=2)        # every other day: inside 3 months up to 45
    found = rules.alarm_standing(days, TODAY).get(rules.TALK)
    assert (found[0] if found else None) == standing
    if found:
        assert found[1:] == (count, days[0], days[-1])
    # the same as absence_alarms at the limit
    assert (rules.TALK in rules.absence_alarms({1: days}, TODAY)[1]) is (standing == "reached")


def test_alarm_standing_counts_only_up_to_today_and_the_worst_window():
    days = _spread(D(2026, 6, 1), 15) + _spread(D(2026, 10, 1), 30)
    assert rules.alarm_standing(days, D(2026, 10, 29))[rules.TALK][:2] == ("near", 29)
    assert rules.alarm_standing(days, D(2026, 10, 30))[rules.TALK][:2] == ("reached", 30)
    assert rules.alarm_standing(days, D(2026, 10, 30))[rules.EXCLUDE][:2] == ("near", 45)
    assert rules.absence_window([], 3) == (0, None, None)
    assert rules.alarm_lookback(D(2026, 11, 26)) == D(2026, 5, 26)


# --- reporting back: only once the leave has begun; early, it ends that day (§3) ---------------

@pytest.mark.parametrize("start, part, now, started", [
    (D(2026, 3, 2), "am", datetime(2026, 3, 2, 7, 59), False),
    (D(2026, 3, 2), "am", datetime(2026, 3, 2, 8, 0), True),
    (D(2026, 3, 2), "pm", datetime(2026, 3, 2, 12, 59), False),
    (D(2026, 3, 2), "pm", datetime(2026, 3, 2, 13, 0), True),
    (D(2026, 3, 2), "am", datetime(2026, 3, 1, 20, 0), False),
])
def test_a_leave_has_started_with_its_first_half_day(start, part, now, started):
    assert rules.has_started(start, part, now) is started


# A leave Mon 2 – Fri 6 March 2026, whole days.
WEEK = (D(2026, 3, 2), "am", D(2026, 3, 6), "pm")


@pytest.mark.parametrize("reported, ended", [
    (datetime(2026, 3, 4, 7, 59), (D(2026, 3, 3), "pm")),    # before work on Wednesday: Tuesday was the last
    (datetime(2026, 3, 4, 8, 0), (D(2026, 3, 4), "am")),     # during the morning: the morning counts
    (datetime(2026, 3, 4, 12, 59), (D(2026, 3, 4), "am")),   # over lunch: still the morning
    (datetime(2026, 3, 4, 13, 0), (D(2026, 3, 4), "pm")),    # in the afternoon: the whole day
    (datetime(2026, 3, 6, 13, 0), None),                     # the last afternoon: as planned
    (datetime(2026, 3, 6, 18, 0), None),                     # after the end: as planned
    (datetime(2026, 3, 9, 8, 10), None),                     # the Monday after: as planned
    (datetime(2026, 3, 2, 7, 0), (D(2026, 3, 2), "am")),     # never before the first half day
])
def test_reporting_back_early_ends_the_leave_that_day(reported, ended):
    assert rules.taken_end(*WEEK, reported) == ended


def test_reporting_back_early_from_a_leave_ending_in_the_morning():
    span = (D(2026, 3, 2), "pm", D(2026, 3, 3), "am")
    assert rules.taken_end(*span, datetime(2026, 3, 3, 9, 0)) is None           # its last half day
    assert rules.taken_end(*span, datetime(2026, 3, 3, 7, 30)) == (D(2026, 3, 2), "pm")


def test_days_taken_after_reporting_back_early_are_what_the_register_counts():
    ended = rules.taken_end(*WEEK, datetime(2026, 3, 4, 9, 0))
    assert leave_length(WEEK[0], WEEK[1], *ended) == Decimal("2.5")
    halves = rules.leave_halves([(7, WEEK[0], WEEK[1], *ended)], D(2026, 3, 2), D(2026, 3, 6))
    assert halves == {(7, D(2026, 3, 2)): "day", (7, D(2026, 3, 3)): "day", (7, D(2026, 3, 4)): "am"}
    assert rules.leave_days_within(WEEK[0], WEEK[1], *ended, D(2026, 3, 1), D(2026, 3, 31)) == Decimal("2.5")


# --- leave filed in pieces is routed by the whole (§3) ---------------------------------------

@pytest.mark.parametrize("new, others, days, joined, overlapping, duplicate", [
    # alone
    ((D(2026, 3, 3), "am", D(2026, 3, 3), "pm"), {}, "1", (), (), None),
    # adjoining the day before: Mon + Tue
    ((D(2026, 3, 3), "am", D(2026, 3, 3), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 2), "pm")}, "2", (1,), (), None),
    # one working half day between (Mon morning, then Tue): apart
    ((D(2026, 3, 3), "am", D(2026, 3, 3), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 2), "am")}, "1", (), (), None),
    # the afternoon after a morning: adjoining
    ((D(2026, 3, 2), "pm", D(2026, 3, 2), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 2), "am")}, "1", (1,), (), None),
    # a weekend between does not separate: Fri, then Mon–Tue
    ((D(2026, 3, 9), "am", D(2026, 3, 10), "pm"), {1: (D(2026, 3, 6), "am", D(2026, 3, 6), "pm")}, "3", (1,), (), None),
    # a working day between does: Thu, then Mon
    ((D(2026, 3, 9), "am", D(2026, 3, 9), "pm"), {1: (D(2026, 3, 5), "am", D(2026, 3, 5), "pm")}, "1", (), (), None),
    # National Day between (30 Sep, then 8 Oct; 1–7 Oct off): adjoining
    ((D(2026, 10, 8), "am", D(2026, 10, 9), "pm"), {1: (D(2026, 9, 30), "am", D(2026, 9, 30), "pm")}, "3", (1,), (), None),
    # filling the gap between two pieces joins both: Mon, [Tue], Wed–Thu
    ((D(2026, 3, 3), "am", D(2026, 3, 3), "pm"),
     {1: (D(2026, 3, 2), "am", D(2026, 3, 2), "pm"), 2: (D(2026, 3, 4), "am", D(2026, 3, 5), "pm")}, "4", (1, 2), (), None),
    # through another piece: [Wed], Thu, Fri
    ((D(2026, 3, 4), "am", D(2026, 3, 4), "pm"),
     {1: (D(2026, 3, 5), "am", D(2026, 3, 5), "pm"), 2: (D(2026, 3, 6), "am", D(2026, 3, 6), "pm")}, "3", (1, 2), (), None),
    # overlapping: each half day once (Mon–Wed with Tue–Thu is 4 days, not 6)
    ((D(2026, 3, 3), "am", D(2026, 3, 5), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 4), "pm")}, "4", (1,), (1,), None),
    # the exact same days
    ((D(2026, 3, 2), "am", D(2026, 3, 3), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 3), "pm")}, "2", (1,), (1,), 1),
    # sharing only a Saturday: adjoining, not overlapping (Fri–Sat, Sat–Mon)
    ((D(2026, 3, 7), "am", D(2026, 3, 9), "pm"), {1: (D(2026, 3, 6), "am", D(2026, 3, 7), "pm")}, "2", (1,), (), None),
])
def test_leave_pieces(new, others, days, joined, overlapping, duplicate):
    pieces = rules.leave_pieces(new, others)
    assert pieces.days == Decimal(days)
    assert pieces.joined == joined and pieces.overlapping == overlapping and pieces.duplicate == duplicate


def test_pieces_are_routed_by_the_whole():
    """A day, then two more adjoining it: three days, the deputy manager's (§3)."""
    pieces = rules.leave_pieces((D(2026, 3, 3), "am", D(2026, 3, 4), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 2), "pm")})
    assert rules.approver_for("staff", Decimal(2), "personal") == "deputy_manager"
    assert rules.approver_for("staff", pieces.days, "personal") == "deputy_manager"
    four = rules.leave_pieces((D(2026, 3, 5), "am", D(2026, 3, 5), "pm"), {1: (D(2026, 3, 2), "am", D(2026, 3, 4), "pm")})
    assert rules.approver_for("staff", Decimal(1), "personal") == "department_head"
    assert rules.approver_for("staff", four.days, "personal") == "general_manager"


def test_pieces_refuse_a_request_without_a_working_day():
    with pytest.raises(NoWorkingDay):
        rules.leave_pieces((D(2026, 3, 7), "am", D(2026, 3, 8), "pm"), {})
    with pytest.raises(InvalidRange):
        rules.leave_pieces((D(2026, 3, 3), "am", D(2026, 3, 2), "pm"), {})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 6), st.sampled_from(rules.PARTS), st.sampled_from(rules.PARTS)),
                min_size=1, max_size=5))
def test_pieces_never_count_a_half_day_twice(raw):
    """Whatever the pieces, the whole is at most the working days from the first to the last
    of them, and at least the new request itself."""
    spans = []
    for offset, length, start_part, end_part in raw:
        start = D(2026, 3, 2) + timedelta(days=offset)
        end = start + timedelta(days=length)
        if start == end and (start_part, end_part) == ("pm", "am"):
            end_part = "pm"
        spans.append((start, start_part, end, end_part))
    new, others = spans[0], dict(enumerate(spans[1:], start=1))
    try:
        own = leave_length(*new)
    except NoWorkingDay:
        return
    pieces = rules.leave_pieces(new, others)
    whole = [new] + [others[k] for k in pieces.joined]
    first = min(whole, key=lambda s: (s[0], rules.PARTS.index(s[1])))
    last = max(whole, key=lambda s: (s[2], rules.PARTS.index(s[3])))
    assert own <= pieces.days <= leave_length(first[0], first[1], last[2], last[3])
    assert set(pieces.overlapping) <= set(pieces.joined)


# --- leave for past days (补请) --------------------------------------------------------------

@pytest.mark.parametrize("start, today, too_late", [
    (D(2026, 3, 4), D(2026, 3, 5), False),    # yesterday (Wed, filed Thu)
    (D(2026, 3, 2), D(2026, 3, 5), False),    # Mon, filed Thu: 3 working days back
    (D(2026, 2, 27), D(2026, 3, 5), True),    # Fri before, filed Thu: 4
    (D(2026, 3, 4), D(2026, 3, 9), False),    # Wed, filed Mon: Wed, Thu, Fri
    (D(2026, 3, 3), D(2026, 3, 9), True),     # Tue, filed Mon: 4
    (D(2026, 3, 7), D(2026, 3, 11), False),   # a Saturday before Mon–Tue: 2 working days
    (D(2026, 3, 5), D(2026, 3, 5), False),    # today
    (D(2026, 3, 20), D(2026, 3, 5), False),   # ahead
    (D(2026, 9, 28), D(2026, 10, 8), False),  # 28–30 Sep, then National Day: 3 working days
    (D(2026, 9, 25), D(2026, 10, 8), False),  # from the mid-autumn holiday: still 3 working days
    (D(2026, 9, 24), D(2026, 10, 8), True),   # the Thursday before it: 4
])
def test_leave_for_past_days_goes_back_at_most_three_working_days(start, today, too_late):
    assert rules.too_late_to_file(start, today) is too_late


@pytest.mark.parametrize("today, earliest", [
    (D(2026, 3, 5), D(2026, 3, 2)),    # Thu: back to Monday
    (D(2026, 3, 9), D(2026, 3, 4)),    # Mon: back to the Wednesday before
    (D(2026, 3, 11), D(2026, 3, 6)),   # Wed: Tue, Mon, Fri — and the Friday is a working day
    (D(2026, 3, 10), D(2026, 3, 5)),   # Tue: Mon, Fri, Thu
])
def test_the_first_day_leave_for_past_days_may_begin(today, earliest):
    assert rules.earliest_late_start(today) == earliest
    assert not rules.too_late_to_file(earliest, today)
    assert rules.too_late_to_file(rules._calendar().working_days(earliest - timedelta(days=10), earliest)[-2], today)


def test_a_request_filed_after_its_leave_began_is_marked():
    assert rules.filed_late(D(2026, 3, 4), "am", datetime(2026, 3, 5, 8, 20))       # the next morning
    assert rules.filed_late(D(2026, 3, 5), "am", datetime(2026, 3, 5, 9, 0))        # the same morning, after 8
    assert not rules.filed_late(D(2026, 3, 5), "am", datetime(2026, 3, 5, 7, 40))   # before work
    assert not rules.filed_late(D(2026, 3, 5), "pm", datetime(2026, 3, 5, 11, 0))   # before the afternoon


# --- the allowance: approved records only, one per person per day (§8) ---------------------------

@pytest.mark.parametrize("records, expected", [
    ([], {}),
    ([(1, D(2026, 3, 7), Decimal(1))], {1: Decimal(1)}),
    # a duty shift and overtime on the same Saturday: one allowance
    ([(1, D(2026, 3, 7), Decimal(1)), (1, D(2026, 3, 7), Decimal("0.5"))], {1: Decimal(1)}),
    # two half-day overtime records of one day: one day
    ([(1, D(2026, 3, 7), Decimal("0.5")), (1, D(2026, 3, 7), Decimal("0.5"))], {1: Decimal(1)}),
    # half a day of overtime alone: half
    ([(1, D(2026, 3, 10), Decimal("0.5"))], {1: Decimal("0.5")}),
    # two days, two people
    ([(1, D(2026, 3, 7), Decimal(1)), (1, D(2026, 3, 8), Decimal(1)), (2, D(2026, 3, 7), Decimal(1))],
     {1: Decimal(2), 2: Decimal(1)}),
])
def test_one_allowance_per_person_per_day(records, expected):
    assert rules.allowance_days_by_person(records) == expected


def test_only_the_general_manager_approves_the_roster():
    assert rules.can_approve_roster("general_manager")
    assert not any(rules.can_approve_roster(r) for r in ("staff", "department_head", "deputy_manager"))


@pytest.mark.parametrize("left, back, expected", [
    ("2026-11-26 08:00", "2026-11-26 15:00", ("2026-11-26", "am", "2026-11-26", "pm")),
    ("2026-11-26 11:59", "2026-11-27 12:30", ("2026-11-26", "am", "2026-11-27", "am")),   # back in the lunch break
    ("2026-11-26 12:00", "2026-11-27 13:00", ("2026-11-26", "pm", "2026-11-27", "am")),
    ("2026-11-26 17:29", "2026-11-27 13:01", ("2026-11-26", "pm", "2026-11-27", "pm")),
    ("2026-11-26 17:30", "2026-11-28 08:00", ("2026-11-27", "am", "2026-11-27", "pm")),   # evening to morning
    ("2026-11-26 20:00", "2026-11-27 07:00", ("2026-11-27", "am", "2026-11-27", "am")),   # never backwards
])
def test_half_days_covering_an_absence(left, back, expected):
    start, start_part, end, end_part = rules.half_days_covering(datetime.fromisoformat(left),
                                                                 datetime.fromisoformat(back))
    assert (start.isoformat(), start_part, end.isoformat(), end_part) == expected


@pytest.mark.parametrize("today, next_day, expected", [
    (date(2026, 11, 30), date(2026, 12, 5), (2026, 12)),    # November's shifts are past
    (date(2026, 11, 28), date(2026, 11, 28), (2026, 11)),   # today's shift is still this month's
    (date(2026, 11, 25), date(2026, 11, 28), (2026, 11)),
    (date(2026, 12, 31), date(2027, 2, 6), (2027, 2)),      # across a year, a month without shifts skipped
    (date(2026, 11, 30), None, (2026, 11)),                 # nothing planned: this month
])
def test_the_duty_roster_opens_on_the_month_of_the_next_shifts(today, next_day, expected):
    assert rules.roster_month(today, next_day) == expected

"""Leave and attendance rules, without HTTP or a database.

Calendar facts used below (chinesecalendar, State Council schedules):
2026-03-02 is a Monday of an ordinary week. New Year 2026: 1–3 Jan off, Sun 4 Jan worked.
Spring Festival 2026: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked.
Mid-autumn: Fri 25 Sep off. National Day 2026: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
"""

from datetime import date, datetime
from decimal import Decimal
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.leave import rules
from portal.leave.rules import (
    CalendarUnknown, InvalidRange, NoWorkingDay, add_months, leave_length,
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


@pytest.mark.parametrize("day", [D(2027, 1, 4), D(2003, 12, 31), D(2099, 6, 1)])
def test_unknown_year_fails_loudly(day):
    with pytest.raises(CalendarUnknown, match=day.isoformat()):
        rules.is_working_day(day)


def test_calendar_unknown_is_a_value_error():
    assert issubclass(CalendarUnknown, ValueError)
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


@pytest.mark.parametrize("start, end", [
    (D(2026, 12, 31), D(2027, 1, 4)),     # runs into an unknown year
    (D(2027, 3, 1), D(2027, 3, 2)),
    (D(2003, 12, 30), D(2004, 1, 5)),
])
def test_leave_length_in_unknown_year_fails_loudly(start, end):
    with pytest.raises(CalendarUnknown):
        leave_length(start, "am", end, "pm")


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
    from portal.staff.models import RANKS
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


def test_report_back_due_in_unknown_year_fails_loudly():
    with pytest.raises(CalendarUnknown):
        rules.report_back_overdue(D(2026, 12, 31), "pm", False, D(2027, 1, 10))
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

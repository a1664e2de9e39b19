"""The shared working calendar and the schedule parser, without HTTP or a database.

Calendar facts (chinesecalendar 1.11.0 knows 2004–2026): Spring Festival 2026 with Sat 14 Feb
and Sat 28 Feb worked; National Day 2026: 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
2027 is in no package release: weekends plus the statutory holidays of the `holidays`
package (New Year's Day 1 Jan; Spring Festival 5–10 Feb with the weekend days moved on).
"""

from datetime import date, time
from decimal import Decimal

import pytest

from portal.leave import rules as leave_rules
from portal.workdays import rules
from portal.workdays.rules import PACKAGE_ONLY, WorkingCalendar

D = date

# A 2027 schedule as the office might enter it (invented: the real one is not published yet).
SPRING_2027 = [D(2027, 2, d) for d in range(5, 12)]   # 5–11 Feb
ENTERED_2027 = WorkingCalendar({2027: ([D(2027, 1, 1), *SPRING_2027], [D(2027, 2, 20)])})


@pytest.mark.parametrize("calendar, day, working", [
    (PACKAGE_ONLY, D(2026, 3, 2), True),       # an ordinary Monday
    (PACKAGE_ONLY, D(2026, 3, 7), False),      # an ordinary Saturday
    (PACKAGE_ONLY, D(2026, 2, 14), True),      # make-up Saturday before the Spring Festival
    (PACKAGE_ONLY, D(2026, 2, 16), False),     # Spring Festival, a Monday
    (PACKAGE_ONLY, D(2026, 10, 10), True),     # make-up Saturday after National Day
    (PACKAGE_ONLY, D(2026, 12, 31), True),     # last day the package knows
    (PACKAGE_ONLY, D(2027, 1, 1), False),      # first day it does not: New Year's Day, statutory
    (PACKAGE_ONLY, D(2027, 1, 4), True),
    (PACKAGE_ONLY, D(2027, 2, 8), False),      # Spring Festival 2027, statutory
    (PACKAGE_ONLY, D(2027, 2, 20), False),     # a Saturday: no make-up days without a schedule
    (PACKAGE_ONLY, D(2003, 12, 31), True),     # before the package: statutory too
    (ENTERED_2027, D(2027, 2, 11), False),     # the entered schedule's holiday …
    (ENTERED_2027, D(2027, 2, 20), True),      # … and make-up Saturday
    (ENTERED_2027, D(2027, 2, 12), True),
    (ENTERED_2027, D(2026, 10, 10), True),     # other years still from the package
])
def test_is_working_day(calendar, day, working):
    assert calendar.is_working_day(day) is working


def test_the_entered_schedule_overrides_both_packages():
    # 2026, which the package knows: the office's entry wins, even where it differs.
    entered = WorkingCalendar({2026: ([D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 8)], [])})
    assert entered.source(2026) == "entered" and PACKAGE_ONLY.source(2026) == "package"
    assert entered.is_working_day(D(2026, 10, 8)) is False      # the package says working
    assert entered.is_working_day(D(2026, 10, 5)) is True       # the package says holiday
    assert entered.is_working_day(D(2026, 10, 10)) is False     # a Saturday, not entered as worked
    # 2027, which only the statutory table knows: a holiday the office did not list is worked.
    partial = WorkingCalendar({2027: (SPRING_2027, [])})
    assert PACKAGE_ONLY.is_working_day(D(2027, 1, 1)) is False
    assert partial.is_working_day(D(2027, 1, 1)) is True


@pytest.mark.parametrize("calendar, year, source, provisional", [
    (PACKAGE_ONLY, 2026, "package", False),
    (PACKAGE_ONLY, 2004, "package", False),
    (PACKAGE_ONLY, 2027, "statutory", True),
    (PACKAGE_ONLY, 2003, "statutory", True),
    (ENTERED_2027, 2027, "entered", False),
    (ENTERED_2027, 2028, "statutory", True),
])
def test_source_and_provisional_years(calendar, year, source, provisional):
    assert calendar.source(year) == source
    assert calendar.is_provisional(year) is provisional


def test_provisional_years_of_a_span():
    assert PACKAGE_ONLY.provisional_years(D(2026, 12, 1), D(2028, 1, 3)) == [2027, 2028]
    assert ENTERED_2027.provisional_years(D(2026, 12, 1), D(2028, 1, 3)) == [2028]
    assert PACKAGE_ONLY.provisional_years(D(2026, 3, 2)) == []
    assert PACKAGE_ONLY.provisional_years(D(2027, 3, 2)) == [2027]


@pytest.mark.parametrize("calendar, first, last, count", [
    (PACKAGE_ONLY, D(2027, 1, 4), D(2027, 1, 8), 5),        # five working days in January 2027
    (PACKAGE_ONLY, D(2026, 12, 28), D(2027, 1, 3), 4),      # over the year end: 1 Jan off, weekend
    (PACKAGE_ONLY, D(2026, 9, 28), D(2026, 10, 11), 6),     # 28–30 Sep, 8–9 Oct and make-up Sat 10 Oct
    (PACKAGE_ONLY, D(2027, 2, 1), D(2027, 2, 12), 6),       # statutory: 5, 8, 9, 10 Feb off
    (ENTERED_2027, D(2027, 2, 1), D(2027, 2, 12), 5),       # entered: 5–11 Feb off
    (ENTERED_2027, D(2027, 2, 15), D(2027, 2, 21), 6),      # with the make-up Saturday
    (PACKAGE_ONLY, D(2027, 1, 8), D(2027, 1, 4), 0),        # last before first
])
def test_count_working_days(calendar, first, last, count):
    assert calendar.count_working_days(first, last) == count
    assert len(calendar.working_days(first, last)) == count


def test_a_leave_in_january_2027_has_a_length():
    assert leave_rules.leave_length(D(2027, 1, 4), "am", D(2027, 1, 8), "pm") == Decimal(5)
    assert leave_rules.leave_length(D(2026, 12, 31), "pm", D(2027, 1, 4), "am") == Decimal(1)
    assert leave_rules.leave_length(D(2027, 2, 1), "am", D(2027, 2, 12), "pm", calendar=ENTERED_2027) == Decimal(5)
    with pytest.raises(leave_rules.NoWorkingDay):
        leave_rules.leave_length(D(2027, 1, 1), "am", D(2027, 1, 3), "pm")


@pytest.mark.parametrize("calendar, day, n, expected", [
    (PACKAGE_ONLY, D(2026, 9, 30), 1, D(2026, 10, 8)),       # over National Day
    (PACKAGE_ONLY, D(2026, 9, 30), 3, D(2026, 10, 10)),      # … to its make-up Saturday
    (PACKAGE_ONLY, D(2026, 2, 13), 1, D(2026, 2, 14)),       # Friday -> make-up Saturday
    (PACKAGE_ONLY, D(2026, 12, 31), 1, D(2027, 1, 4)),       # into the statutory year
    (PACKAGE_ONLY, D(2027, 2, 4), 2, D(2027, 2, 12)),        # statutory Spring Festival 2027
    (ENTERED_2027, D(2027, 2, 4), 2, D(2027, 2, 15)),        # entered Spring Festival 2027
    (ENTERED_2027, D(2027, 2, 18), 2, D(2027, 2, 20)),       # to its make-up Saturday
    (PACKAGE_ONLY, D(2026, 3, 2), 15, D(2026, 3, 23)),
])
def test_nth_working_day_after(calendar, day, n, expected):
    assert calendar.nth_working_day_after(day, n) == expected
    if n == 1:
        assert calendar.next_working_day(day) == expected


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        PACKAGE_ONLY.nth_working_day_after(D(2026, 3, 2), 0)
    with pytest.raises(TypeError):
        PACKAGE_ONLY.is_working_day("2026-03-02")


def test_the_calendar_is_immutable():
    with pytest.raises(AttributeError):
        PACKAGE_ONLY.anything = 1
    changed = PACKAGE_ONLY.with_entered(2027, SPRING_2027, [])
    assert changed.source(2027) == "entered" and PACKAGE_ONLY.source(2027) == "statutory"


def test_package_years_are_looked_up_once():
    assert rules.package_year(2027) is None and rules.package_year(2026) is not None
    before = rules.package_year.cache_info().hits
    PACKAGE_ONLY.count_working_days(D(2026, 1, 1), D(2026, 12, 31))
    assert rules.package_year.cache_info().hits > before
    assert D(2026, 10, 3) in rules.package_year(2026).holidays      # a weekend day inside the break


def test_half_day_hours():
    assert rules.HALF_DAY_HOURS == {"am": (time(8, 0), time(12, 0)), "pm": (time(13, 0), time(17, 30))}
    assert leave_rules.HALF_DAY_HOURS is rules.HALF_DAY_HOURS


# --- the parser ---------------------------------------------------------------------------------

FEB_5_11 = SPRING_2027


@pytest.mark.parametrize("text, dates", [
    ("2027-01-01", [D(2027, 1, 1)]),
    ("2027/1/1", [D(2027, 1, 1)]),
    ("2027年1月1日", [D(2027, 1, 1)]),
    ("1月1日", [D(2027, 1, 1)]),
    ("2027.1.1", [D(2027, 1, 1)]),
    ("２０２７－０１－０１", [D(2027, 1, 1)]),                       # full-width
    ("元旦：1月1日（周五）", [D(2027, 1, 1)]),                       # label and remark ignored
    ("2027-02-05至2027-02-11", FEB_5_11),
    ("2月5日—11日", FEB_5_11),
    ("2月5日——2月11日", FEB_5_11),
    ("2月5日~11日", FEB_5_11),
    ("2月5日～11日", FEB_5_11),
    ("2027/2/5-2027/2/11", FEB_5_11),
    ("2027-02-05-2027-02-11", FEB_5_11),
    ("2月5日到11日", FEB_5_11),
    ("1月1日\n2月5日至11日", [D(2027, 1, 1), *FEB_5_11]),
    ("1月1日,1月2日，1月3日、2月5日;2月6日；2月7日", [D(2027, 1, d) for d in (1, 2, 3)] + FEB_5_11[:3]),
    ("1月1日\n\n  1月1日  \n", [D(2027, 1, 1)]),                   # blank lines, duplicates
    ("", []),
])
def test_parse_dates_accepts(text, dates):
    assert rules.parse_dates(text, 2027) == (dates, [])


@pytest.mark.parametrize("text, kind, message", [
    ("2月30日", rules.IMPOSSIBLE, "“2月30日”不是存在的日期"),
    ("2027-13-01", rules.IMPOSSIBLE, "不是存在的日期"),
    ("2028-01-01", rules.OTHER_YEAR, "“2028-01-01”不在2027年内"),
    ("2026-12-31至2027-01-03", rules.OTHER_YEAR, "不在2027年内"),
    ("明天", rules.UNREADABLE, "“明天”无法识别为日期"),
    ("5", rules.UNREADABLE, "无法识别为日期"),
    ("2月11日至2月5日", rules.REVERSED, "结束日期早于开始日期"),
    ("1月1日至3月1日", rules.TOO_LONG, "超过31天"),
])
def test_parse_dates_explains_bad_items_in_chinese(text, kind, message):
    dates, problems = rules.parse_dates(f"1月1日\n{text}", 2027)
    assert dates == [D(2027, 1, 1)]                  # the good items are still read
    assert [p.kind for p in problems] == [kind]
    assert message in str(problems[0])


def test_schedule_problems():
    problems = rules.schedule_problems([D(2027, 2, 6)], [D(2027, 2, 6), D(2027, 2, 3), D(2027, 2, 20)], 2027)
    assert [(p.kind, p.text) for p in problems] == [(rules.BOTH, "2027-02-06"), (rules.WEEKDAY_MAKEUP, "2027-02-03")]
    assert "既填为放假又填为调休上班" in str(problems[0]) and "调休上班日应为周六或周日" in str(problems[1])


def test_dates_text_round_trip_and_runs():
    days = [D(2027, 2, 6), D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 7)]
    assert rules.read_dates_text(rules.dates_text(days)) == sorted(days)
    assert rules.runs(days) == [(D(2027, 1, 1), D(2027, 1, 1)), (D(2027, 2, 5), D(2027, 2, 7))]
    assert list(rules.by_month(days)) == [1, 2]
    assert rules.compact_text(days) == "2027-01-01\n2027-02-05至2027-02-07"     # how the form shows it again
    assert rules.parse_dates(rules.compact_text(days), 2027) == (sorted(days), [])


@pytest.mark.parametrize("day, n, expected", [
    (date(2026, 11, 30), 1, [date(2026, 11, 27)]),                                   # Monday: the Friday before
    (date(2026, 11, 30), 3, [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]),   # oldest first
    (date(2026, 10, 9), 2, [date(2026, 9, 29), date(2026, 9, 30)]),                  # back across National Day
    (date(2026, 10, 12), 2, [date(2026, 10, 9), date(2026, 10, 10)]),                # the make-up Saturday counts
])
def test_working_days_before(day, n, expected):
    calendar = WorkingCalendar({2026: ({date(2026, 10, d) for d in range(1, 9)}, {date(2026, 9, 27), date(2026, 10, 10)})})
    assert calendar.working_days_before(day, n) == expected

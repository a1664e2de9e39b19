"""Regulation 2 (卫生管理制度) rules, at their boundaries."""

from datetime import date, datetime

import pytest

from portal.hygiene import rules
from portal.workdays.rules import WorkingCalendar

P, F, NA = rules.PASS, rules.FAIL, rules.NOT_APPLICABLE


@pytest.mark.parametrize("results, score", [
    ({}, None),                                     # nothing judged
    ({"a": NA, "b": NA}, None),                     # only "not here": nothing judged
    ({"a": P}, 100),
    ({"a": F}, 0),
    ({"a": P, "b": F}, 50),
    ({"a": P, "b": P, "c": F}, 67),                 # 66.67 → 67
    ({"a": P, "b": F, "c": F}, 33),                 # 33.33 → 33
    ({**{str(n): P for n in range(7)}, "x": F}, 88),            # 87.5 → 88: half rounds up
    ({**{str(n): P for n in range(7)}, "x": F, "y": NA}, 88),   # "na" is not counted
    ({**{str(n): P for n in range(199)}, "x": F}, 100),          # 99.5 → 100
])
def test_inspection_score(results, score):
    assert rules.inspection_score(results) == score


@pytest.mark.parametrize("scores, average", [([], None), ([None], None), ([100, None, 90], 95), ([99, 100], 100),
                                             ([88, 87], 88), ([0], 0)])
def test_average_score(scores, average):
    assert rules.average_score(scores) == average


def test_ranking_shares_places_and_leaves_out_the_unscored():
    assert rules.ranking({"a": 90, "b": 100, "c": 90, "d": None, "e": 80}) == [
        (1, "b", 100), (2, "a", 90), (2, "c", 90), (4, "e", 80)]


@pytest.mark.parametrize("kind, department, rota, answering", [
    (rules.DEPARTMENT_OFFICE, 5, 9, 5),      # a department's offices: that department, whatever the rota
    (rules.WASHROOM, 7, 9, 7),               # the guards' places: the guards
    (rules.GUARD_ROOM, 7, None, 7),
    (rules.SHARED, None, 9, 9),              # everyone's: the department on this week's rota
    (rules.SHARED, None, None, None),
    (rules.GM_OFFICE, None, 9, None),        # a person answers, no department
])
def test_answering_department(kind, department, rota, answering):
    assert rules.answering_department(kind, department, rota) == answering


def test_the_weekly_rota_moves_on_one_department_a_week_and_gives_each_place_its_own():
    departments, zones = [11, 12, 13, 14, 15], [1, 2, 3, 4]
    monday = date(2026, 11, 30)
    this_week = rules.weekly_rota(departments, zones, monday)
    next_week = rules.weekly_rota(departments, zones, date(2026, 12, 7))
    assert len(set(this_week.values())) == 4                            # four places, four departments
    for zone in zones:                                                  # everyone moves on by one
        assert departments.index(next_week[zone]) == (departments.index(this_week[zone]) + 1) % 5
    assert rules.weekly_rota([], zones, monday) == {} and rules.weekly_rota(departments, [], monday) == {}


@pytest.mark.parametrize("day, monday", [(date(2026, 11, 30), date(2026, 11, 30)), (date(2026, 12, 6), date(2026, 11, 30)),
                                         (date(2026, 12, 3), date(2026, 11, 30)), (date(2026, 12, 7), date(2026, 12, 7))])
def test_monday_of(day, monday):
    assert rules.monday_of(day) == monday


CALENDAR = WorkingCalendar({2026: ({date(2026, 10, 1)}, {date(2026, 10, 10)})})   # a holiday and a make-up Saturday


@pytest.mark.parametrize("day, now, done_at, late", [
    (date(2026, 11, 30), datetime(2026, 11, 30, 7, 59), None, False),                       # work has not started
    (date(2026, 11, 30), datetime(2026, 11, 30, 8, 0), None, True),                         # it has: not done
    (date(2026, 11, 30), datetime(2026, 11, 30, 9, 0), datetime(2026, 11, 30, 7, 50), False),   # done before
    (date(2026, 11, 30), datetime(2026, 11, 30, 9, 0), datetime(2026, 11, 30, 8, 0), False),    # at the minute
    (date(2026, 11, 30), datetime(2026, 11, 30, 9, 0), datetime(2026, 11, 30, 8, 1), True),     # after work began
    (date(2026, 12, 5), datetime(2026, 12, 5, 10, 0), None, False),                          # Saturday: not due
    (date(2026, 10, 1), datetime(2026, 10, 1, 10, 0), None, False),                          # a holiday
    (date(2026, 10, 10), datetime(2026, 10, 10, 10, 0), None, True),                         # a make-up working Saturday
])
def test_gm_office_late(day, now, done_at, late):
    assert rules.gm_office_late(day, now, done_at, CALENDAR) is late


@pytest.mark.parametrize("inspected, due", [(date(2026, 11, 30), date(2026, 12, 1)),    # Monday → Tuesday
                                            (date(2026, 12, 4), date(2026, 12, 7)),      # Friday → Monday
                                            (date(2026, 9, 30), date(2026, 10, 8))])     # before the National Day week
def test_a_failure_is_put_right_by_the_next_working_day(inspected, due):
    calendar = WorkingCalendar({2026: ({date(2026, 10, d) for d in range(1, 8)}, set())})
    assert rules.fix_due(inspected, calendar) == due


@pytest.mark.parametrize("kind, has, lacks", [
    (rules.DEPARTMENT_OFFICE, {"desks", "computers", "bookcases"}, {"toilet_floor"}),   # an office has no toilet items
    (rules.WASHROOM, {"toilet_floor", "toilet_dry"}, {"desks", "computers"}),
    (rules.SHARED, {"floor", "walls"}, {"computers", "toilet_clean"}),
])
def test_each_kind_of_place_is_judged_on_the_items_that_apply(kind, has, lacks):
    items = set(rules.items_for(kind))
    assert has <= items and not (lacks & items) and items <= set(rules.ITEMS)


@pytest.mark.parametrize("ids, current, following", [([1, 2, 3], 1, 2), ([1, 2, 3], 3, 1), ([1, 2, 3], 9, 1), ([], 1, None)])
def test_next_in_round(ids, current, following):
    assert rules.next_in_round(ids, current) == following


@pytest.mark.parametrize("kind, zone_department, appointed, rota, department, person, keeps", [
    (rules.DEPARTMENT_OFFICE, 5, None, None, 5, 1, True),      # the department's own office
    (rules.DEPARTMENT_OFFICE, 5, None, None, 6, 1, False),
    (rules.SHARED, None, None, 6, 6, 1, True),                 # the week's turn on the rota
    (rules.SHARED, None, None, 7, 6, 1, False),
    (rules.WASHROOM, 9, None, None, 9, 1, True),               # the guards'
    (rules.GM_OFFICE, None, 1, None, 6, 1, True),              # the one appointed
    (rules.GM_OFFICE, None, 2, None, 6, 1, False),
    (rules.GM_OFFICE, None, 2, None, None, 1, False),          # no department answers for it
])
def test_whose_place_it_is_this_week(kind, zone_department, appointed, rota, department, person, keeps):
    assert rules.keeps(kind, zone_department, appointed, rota, department, person) is keeps

"""Regulation 13's figures as residents see them: shares, targets, the season's months and the
month asked for — at their boundaries, without HTTP or database."""

from datetime import date
from decimal import Decimal

import pytest

from portal.public import rules
from portal.service import rules as service_rules


@pytest.mark.parametrize("part, whole, shown", [
    (0, 0, None),                      # nothing counted: no share ("暂无数据")
    (0, 5, Decimal("0.0")),
    (412, 418, Decimal("98.5")),       # 98.56…: one decimal, rounded down
    (2, 3, Decimal("66.6")),           # 66.66…: down, never up
    (1, 3, Decimal("33.3")),
    (49, 50, Decimal("98.0")),
    (4898, 5000, Decimal("97.9")),     # 97.96: shown 97.9, not 98.0
    (9999, 10000, Decimal("99.9")),    # 99.99: never shown as 100.0
    (1, 1, Decimal("100.0")),
])
def test_share_has_one_decimal_rounded_down(part, whole, shown):
    assert rules.share(part, whole) == shown


@pytest.mark.parametrize("part, whole, target, met", [
    (98, 100, 98, True),               # exactly the target: met
    (4898, 5000, 98, False),           # 97.96 %: short of 98, although it rounds to 98.0
    (4900, 5000, 98, True),
    (49, 50, 98, True),
    (99, 100, 100, False),
    (9999, 10000, 100, False),
    (100, 100, 100, True),
    (0, 0, 98, None),                  # nothing counted: neither met nor missed
    (0, 1, 98, False),
])
def test_a_figure_is_met_when_its_exact_share_reaches_the_target(part, whole, target, met):
    figure = rules.figure(part, whole, target)
    assert figure["met"] is met
    assert (figure["part"], figure["whole"], figure["target"]) == (part, whole, target)
    if figure["share"] is not None:        # the shown share never contradicts the verdict
        assert (figure["share"] >= target) == met


@pytest.mark.parametrize("verdicts", [
    [],
    [service_rules.EXEMPT],
    [service_rules.MEETS, service_rules.BELOW, service_rules.DEEMED_MEETS, service_rules.EXEMPT],
    [service_rules.BELOW] * 3 + [service_rules.MEETS] * 40,
])
def test_compliance_from_counts_agrees_with_the_register(verdicts):
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict] = counts.get(verdict, 0) + 1
    assert rules.compliance_from_counts(counts) == service_rules.compliance_counts(verdicts)


def _season(today):
    return service_rules.heating_season(today)


@pytest.mark.parametrize("today, months", [
    (date(2026, 11, 15), [(date(2026, 11, 15), date(2026, 11, 30))]),     # the season's first day
    (date(2026, 11, 25), [(date(2026, 11, 15), date(2026, 11, 30))]),
    (date(2026, 12, 1), [(date(2026, 11, 15), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))]),
    (date(2027, 1, 4), [(date(2026, 11, 15), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31)),
                        (date(2027, 1, 1), date(2027, 1, 31))]),
    (date(2027, 3, 15), [(date(2026, 11, 15), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31)),
                         (date(2027, 1, 1), date(2027, 1, 31)), (date(2027, 2, 1), date(2027, 2, 28)),
                         (date(2027, 3, 1), date(2027, 3, 15))]),                      # the last day: cut at 15 March
    (date(2027, 7, 1), [(date(2026, 11, 15), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31)),
                        (date(2027, 1, 1), date(2027, 1, 31)), (date(2027, 2, 1), date(2027, 2, 28)),
                        (date(2027, 3, 1), date(2027, 3, 15))]),                       # summer: the season just ended
])
def test_the_seasons_months_so_far_are_cut_to_the_season(today, months):
    assert rules.season_months(_season(today), today) == months


@pytest.mark.parametrize("today, so_far", [
    (date(2026, 11, 25), (date(2026, 11, 15), date(2026, 11, 25))),
    (date(2027, 3, 15), (date(2026, 11, 15), date(2027, 3, 15))),
    (date(2027, 7, 1), (date(2026, 11, 15), date(2027, 3, 15))),
])
def test_the_season_so_far_ends_today_or_with_the_season(today, so_far):
    assert rules.season_so_far(_season(today), today) == so_far


@pytest.mark.parametrize("text, today, chosen", [
    ("", date(2026, 11, 25), (None, None)),                    # nothing asked: the season
    (None, date(2026, 11, 25), (None, None)),
    ("2026-11", date(2026, 11, 25), (0, None)),
    (" 2026-11 ", date(2026, 11, 25), (0, None)),
    ("2026-12", date(2026, 11, 25), (None, rules.OUTSIDE_SEASON)),   # not begun yet
    ("2026-10", date(2026, 11, 25), (None, rules.OUTSIDE_SEASON)),   # before the season
    ("2025-12", date(2026, 11, 25), (None, rules.OUTSIDE_SEASON)),   # the season before
    ("2027-01", date(2027, 1, 4), (2, None)),
    ("2027-03", date(2027, 7, 1), (4, None)),
    ("2027-04", date(2027, 7, 1), (None, rules.OUTSIDE_SEASON)),     # after the season
    ("2026-13", date(2026, 11, 25), (None, rules.NOT_A_MONTH)),
    ("2026-1", date(2026, 11, 25), (None, rules.NOT_A_MONTH)),
    ("²⁰²⁶-¹¹", date(2026, 11, 25), (None, rules.NOT_A_MONTH)),
    ("9999-11", date(2026, 11, 25), (None, rules.NOT_A_MONTH)),
    ("<script>", date(2026, 11, 25), (None, rules.NOT_A_MONTH)),
])
def test_the_month_asked_for_must_be_one_of_the_season_so_far(text, today, chosen):
    assert rules.chosen_month(text, rules.season_months(_season(today), today)) == chosen


def test_months_move_a_record_on_at_each_first_of_the_month():
    months = rules.season_months(_season(date(2027, 1, 4)), date(2027, 1, 4))
    assert rules.bucket_starts(months) == [date(2026, 12, 1), date(2027, 1, 1)]
    assert rules.bucket_starts(months[:1]) == []


def test_the_page_adds_the_months_up_to_the_season_and_picks_the_month():
    counts = {
        rules.REPAIRS: [(10, 8, 7, 2), (5, 5, 5, 0)],          # received, arrived, in time, not reached
        rules.FAULTS: [(0, 0, 0, 0), (2, 1, 0, 1)],
        rules.CONNECTIONS: [(1, 1, 1, 0), (0, 0, 0, 0)],
        rules.COMPLAINTS: [(3, 2), (1, 1)],                    # received, closed
        rules.CONTACTS: [(20, 19), (0, 0)],
        rules.TEMPERATURE: [{service_rules.MEETS: 9, service_rules.BELOW: 1}, {service_rules.EXEMPT: 2}],
        "temperature_season": (9, 10),
    }
    months = [(date(2026, 11, 15), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))]
    season = rules.commitments(counts, months, None)
    assert (season[rules.REPAIRS]["season"]["part"], season[rules.REPAIRS]["season"]["whole"]) == (12, 13)
    assert season[rules.REPAIRS]["open"] == 2 and season[rules.REPAIRS]["month"] is None
    assert season[rules.FAULTS]["season"]["share"] == Decimal("0.0") and season[rules.FAULTS]["open"] == 1
    assert (season[rules.COMPLAINTS]["season"]["part"], season[rules.COMPLAINTS]["season"]["whole"]) == (3, 4)
    assert season[rules.TEMPERATURE]["season"]["share"] == Decimal("90.0")
    assert [f["whole"] for f in season[rules.TEMPERATURE]["months"]] == [10, 0]   # exempt left out
    december = rules.commitments(counts, months, 1)
    assert december[rules.REPAIRS]["month"]["part"] == 5 and december[rules.REPAIRS]["open"] == 0
    assert december[rules.CONTACTS]["month"]["share"] is None
    assert december[rules.TEMPERATURE]["month"]["met"] is None


@pytest.mark.parametrize("recent, limit, allowed", [(0, 5, True), (4, 5, True), (5, 5, False), (9, 5, False)])
def test_within_limit(recent, limit, allowed):
    assert rules.within_limit(recent, limit) is allowed


@pytest.mark.parametrize("phone, last_four, matches", [
    ("13903351234", "1234", True), ("0335-712 1234", "1234", True), ("13903351234", "1235", False),
    ("13903351234", "234", False), ("13903351234", "", False), ("13903351234", "１２３４", False), ("123", "0123", False),
])
def test_phone_matches(phone, last_four, matches):
    assert rules.phone_matches(phone, last_four) is matches


def test_entered_figures_are_judged_against_their_own_targets_and_missing_ones_stay_none():
    shown = rules.entered_figures({"billing_accuracy": {"part": 989, "whole": 1000, "note": "", "who": "周振华", "at": None}})
    assert shown["facilities_good"] is None
    assert (shown["billing_accuracy"]["figure"]["share"], shown["billing_accuracy"]["figure"]["met"]) == (Decimal("98.9"), False)
    assert rules.entered_figures({"billing_accuracy": {"part": 990, "whole": 1000, "note": "", "who": "", "at": None}}
                                 )["billing_accuracy"]["figure"]["met"] is True

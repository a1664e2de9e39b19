"""The customer-service rules at their boundaries: every listed situation, deadlines across
midnight, the 15th working day across the National Day holiday and the New Year."""

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from portal.service import rules
from portal.workdays.rules import WorkingCalendar

UTC = timezone.utc


@pytest.mark.parametrize("situation, urgency", [
    ("main_leak", "emergency"), ("resident_leak", "emergency"), ("building_cold", "emergency"),
    ("hotline_transfer", "emergency"), ("petition_risk", "emergency"), ("leadership_pressed", "emergency"),
    ("drip", "urgent"), ("air_or_blockage", "urgent"), ("clean_separator", "urgent"), ("staff_complaint", "urgent"),
    ("measure_today", "urgent"),
    ("area_recheck", "ordinary"), ("measure_request", "ordinary"), ("fee_reduction", "ordinary"),
    ("design_cold", "ordinary"), ("ageing_cold", "ordinary"),
])
def test_classify_every_listed_situation(situation, urgency):
    assert rules.classify(situation) == urgency


def test_classify_refuses_what_the_regulation_does_not_list():
    with pytest.raises(ValueError):
        rules.classify("something_else")
    assert sum(len(v) for v in rules.situations_by_urgency().values()) == 16


LATE_EVENING = datetime(2026, 12, 31, 23, 45, tzinfo=UTC)      # New Year's Eve, near midnight


@pytest.mark.parametrize("urgency, deadline", [
    ("emergency", datetime(2027, 1, 1, 0, 15, tzinfo=UTC)),     # across midnight and into a holiday: wall-clock
    ("urgent", datetime(2027, 1, 1, 11, 45, tzinfo=UTC)),
    ("ordinary", datetime(2027, 1, 1, 23, 45, tzinfo=UTC)),
])
def test_arrival_deadline_runs_day_and_night(urgency, deadline):
    assert rules.arrival_deadline(LATE_EVENING, urgency) == deadline


@pytest.mark.parametrize("urgency, category, after", [
    ("emergency", "repair", timedelta(minutes=30)),      # regulation 9's 30 minutes is stricter than 60
    ("urgent", "repair", timedelta(minutes=60)),         # a repair call: regulation 13's 60 minutes bind
    ("ordinary", "repair", timedelta(minutes=60)),
    ("urgent", "heating_quality", timedelta(hours=12)),  # not a repair call: regulation 9 alone
    ("ordinary", "billing", timedelta(hours=24)),
])
def test_the_stricter_promise_binds_repair_calls(urgency, category, after):
    assert rules.promised_arrival(LATE_EVENING, urgency, category) == LATE_EVENING + after


@pytest.mark.parametrize("fault, after", [("air_lock", timedelta(hours=3)), ("blockage", timedelta(hours=24)),
                                          ("", None), ("leak", None)])
def test_clear_deadline(fault, after):
    assert rules.clear_deadline(LATE_EVENING, fault) == (LATE_EVENING + after if after else None)


@pytest.mark.parametrize("seconds, minutes", [(600, 10), (59, 1), (1, 1), (0, 0), (-1, -1), (-60, -1), (-61, -2)])
def test_minutes_left(seconds, minutes):
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert rules.minutes_left(now + timedelta(seconds=seconds), now) == minutes


@pytest.mark.parametrize("urgency, before, warned", [("emergency", timedelta(minutes=10), True),
                                                     ("emergency", timedelta(minutes=11), False),
                                                     ("urgent", timedelta(hours=2), True),
                                                     ("ordinary", timedelta(hours=5), False),
                                                     ("emergency", timedelta(0), False)])      # passed: overdue, not warned
def test_warning_before_a_deadline(urgency, before, warned):
    deadline = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert rules.warning_due(deadline, urgency, deadline - before) is warned


# 2026: National Day 10-01..10-08 off, Saturday 10-10 a make-up working day; 2027: New Year 01-01..01-03 off
CALENDAR = WorkingCalendar({2026: ({date(2026, 10, d) for d in range(1, 9)}, {date(2026, 9, 27), date(2026, 10, 10)}),
                            2027: ({date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}, set())})


@pytest.mark.parametrize("applied, due", [
    (date(2026, 11, 2), date(2026, 11, 23)),     # a plain Monday: three weeks on
    (date(2026, 9, 30), date(2026, 10, 28)),     # the eve of National Day: the holiday does not count, 10-10 does
    (date(2026, 12, 25), date(2027, 1, 18)),     # across the New Year
])
def test_answer_deadline_is_the_15th_working_day_after(applied, due):
    assert rules.answer_deadline(applied, CALENDAR) == due


@pytest.mark.parametrize("receiver, accepted, owner", [(1, None, 1), (1, 2, 2)])
def test_the_first_contact_owns_it_until_accepted(receiver, accepted, owner):
    assert rules.contact_owner(receiver, accepted) == owner


def test_complaint_state_follows_its_entries_and_a_correction_cancels_one():
    entries = [(1, rules.OWNER, 7, None), (2, rules.ASKED_UNIT, None, None), (3, rules.TOLD_RESULT, None, None)]
    state = rules.complaint_state(entries)
    assert state == {"owner": 7, "told": True, "closed": False} and rules.may_close(state)
    corrected = rules.complaint_state(entries + [(4, rules.CORRECTION, None, 3)])      # not told after all
    assert corrected["told"] is False and not rules.may_close(corrected)
    handed = rules.complaint_state(entries + [(5, rules.OWNER, 9, None), (6, rules.CLOSED, None, None)])
    assert handed == {"owner": 9, "told": True, "closed": True} and not rules.may_close(handed)


@pytest.mark.parametrize("day, first, last", [
    (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 15)), (date(2026, 11, 15), date(2026, 11, 1), date(2026, 11, 15)),
    (date(2026, 11, 16), date(2026, 11, 16), date(2026, 11, 30)), (date(2026, 12, 31), date(2026, 12, 16), date(2026, 12, 31)),
    (date(2028, 2, 20), date(2028, 2, 16), date(2028, 2, 29)),        # a leap February
])
def test_half_month(day, first, last):
    assert rules.half_month(day) == (first, last)


@pytest.mark.parametrize("part, whole, result", [(0, 0, None), (1, 3, 33), (2, 3, 67), (3, 3, 100)])
def test_share(part, whole, result):
    assert rules.share(part, whole) == result


OPEN, TOLD, SHUT = ({"owner": 1, "told": False, "closed": False}, {"owner": 1, "told": True, "closed": False},
                    {"owner": 1, "told": True, "closed": True})


@pytest.mark.parametrize("state, kind, text, owner, corrects, problem", [
    (SHUT, rules.PLAN, "再补一条", True, True, rules.CLOSED_ALREADY),
    (OPEN, "", "x", True, True, rules.NO_KIND),
    (OPEN, rules.CLOSED, "", True, True, rules.NOT_TOLD),
    (TOLD, rules.CLOSED, "", True, True, None),
    (OPEN, rules.OWNER, "", False, False, rules.NO_OWNER),
    (OPEN, rules.OWNER, "", True, False, None),
    (OPEN, rules.CORRECTION, "", True, True, rules.NO_CORRECTED_ENTRY),     # why, please
    (OPEN, rules.CORRECTION, "记错了", True, False, rules.NO_CORRECTED_ENTRY),
    (OPEN, rules.CORRECTION, "记错了", True, True, None),
    (OPEN, rules.EXPLAINED, "", True, True, rules.NO_TEXT),
    (OPEN, rules.EXPLAINED, "已解释", True, True, None),
])
def test_entry_problem(state, kind, text, owner, corrects, problem):
    assert rules.entry_problem(state, kind, text, owner, corrects) == problem


@pytest.mark.parametrize("day, monday, sunday", [
    (date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 8)),        # a Monday: its own week
    (date(2026, 11, 8), date(2026, 11, 2), date(2026, 11, 8)),        # a Sunday: the week it ends
    (date(2026, 11, 5), date(2026, 11, 2), date(2026, 11, 8)),
    (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),       # across the year's end
    (date(2027, 1, 2), date(2026, 12, 28), date(2027, 1, 3)),
    (date(2028, 2, 29), date(2028, 2, 28), date(2028, 3, 5)),         # a leap day, across the month's end
])
def test_week_runs_monday_to_sunday(day, monday, sunday):
    assert rules.week(day) == (monday, sunday)
    assert monday.weekday() == 0 and (sunday - monday).days == 6


@pytest.mark.parametrize("span, day, period", [
    ("week", date(2026, 11, 18), (date(2026, 11, 16), date(2026, 11, 22))),
    ("half_month", date(2026, 11, 18), (date(2026, 11, 16), date(2026, 11, 30))),
    ("", date(2026, 11, 18), (date(2026, 11, 16), date(2026, 11, 30))),        # absent: the half month
    ("xyz", date(2026, 11, 3), (date(2026, 11, 1), date(2026, 11, 15))),       # unknown: the half month
])
def test_report_period(span, day, period):
    assert rules.report_period(span, day) == period


@pytest.mark.parametrize("span, today, period", [
    ("week", date(2026, 11, 18), (date(2026, 11, 9), date(2026, 11, 15))),     # the last whole week
    ("week", date(2027, 1, 1), (date(2026, 12, 21), date(2026, 12, 27))),
    ("week", date(2027, 1, 4), (date(2026, 12, 28), date(2027, 1, 3))),       # a Monday: the week across New Year
    ("half_month", date(2026, 11, 18), (date(2026, 11, 1), date(2026, 11, 15))),
    ("half_month", date(2027, 1, 3), (date(2026, 12, 16), date(2026, 12, 31))),
])
def test_last_period_is_the_last_whole_one(span, today, period):
    assert rules.last_period(span, today) == period


@pytest.mark.parametrize("category, regulation", [
    ("repair", "heating_and_repairs"), ("heating_quality", "heating_and_repairs"),
    ("connection", "connection_and_works"), ("billing", "fees"), ("other", "other"),
    ("", "other"), (None, "other"), ("something_new", "other"),
])
def test_visit_category_maps_the_desk_categories_onto_the_regulation_four(category, regulation):
    assert rules.visit_category(category) == regulation


def test_every_desk_category_has_a_regulation_category():
    assert {rules.visit_category(c) for c in rules.CATEGORIES} == set(rules.VISIT_CATEGORIES)


def test_visits_by_category_adds_up_per_regulation_category():
    lines = rules.visits_by_category([("repair", 3, 1), ("heating_quality", 2, 2), ("billing", 1, 0), (None, 4, 0)],
                                     [("repair", 2), ("heating_quality", 2), ("connection", 1), ("other", 0)])
    assert [line["category"] for line in lines] == list(rules.VISIT_CATEGORIES)
    by = {line["category"]: line for line in lines}
    assert by["heating_and_repairs"] == {"category": "heating_and_repairs", "visits": 5, "complaint_visits": 3,
                                         "closed": 4, "coverage": 75}
    assert by["connection_and_works"]["coverage"] == 0 and by["connection_and_works"]["visits"] == 0
    assert by["fees"] == {"category": "fees", "visits": 1, "complaint_visits": 0, "closed": 0, "coverage": None}
    assert by["other"]["visits"] == 4


@pytest.mark.parametrize("done, quota, remaining, over, met", [
    (0, 20, 20, 0, False), (19, 20, 1, 0, False), (20, 20, 0, 0, True), (23, 20, 0, 3, True),
    (5, 0, 0, 0, True),            # no quota set
    (5, -1, 0, 0, True),
])
def test_quota_state(done, quota, remaining, over, met):
    state = rules.quota_state(done, quota)
    assert (state["done"], state["remaining"], state["over"], state["met"]) == (done, remaining, over, met)


# --- room temperature measurement (regulation 10) ------------------------------------------------------------

@pytest.mark.parametrize("room, heated, open_to_balcony, standard", [
    ("bedroom", True, False, 18), ("bedroom", False, False, 18), ("living", True, False, 18),
    ("bedroom", True, True, None), ("living", True, True, None),          # open to a balcony: the text says nothing
    ("hall", True, False, 16), ("kitchen", True, False, 16), ("bathroom", True, False, 16),
    ("hall", False, False, None), ("kitchen", False, False, None),         # no radiator
    ("bathroom", True, True, None),
    ("balcony", True, False, 16), ("balcony", True, True, 16), ("balcony", False, False, None),
])
def test_room_standard(room, heated, open_to_balcony, standard):
    assert rules.room_standard(room, heated, open_to_balcony) == standard


def _t(hh_mm: str) -> datetime:
    return datetime.combine(date(2026, 12, 10), time.fromisoformat(hh_mm))


@pytest.mark.parametrize("entered, started, ended, closed, problems", [
    ("09:00", "09:15", "09:25", True, []),                                 # 15 and 10 minutes exactly
    ("09:00", "09:14", "09:25", True, ["too_soon"]),
    ("09:00", "09:15", "09:24", True, ["too_short"]),
    ("07:45", "08:00", "08:10", True, []),                                  # 08:00 exactly
    ("07:40", "07:59", "08:10", True, ["outside_hours"]),
    ("20:30", "20:50", "21:00", True, []),                                  # 21:00 exactly
    ("20:30", "20:51", "21:01", True, ["outside_hours"]),
    ("09:00", "09:20", "09:40", False, ["doors_open"]),
    ("09:00", "09:05", "09:08", False, ["too_soon", "too_short", "doors_open"]),
])
def test_measurement_problems(entered, started, ended, closed, problems):
    assert rules.measurement_problems(_t(entered), _t(started), _t(ended), closed) == problems


D = Decimal
ROOMS_MET = [(18, D("18.0")), (16, D("16.4")), (None, D("9.0"))]
ROOMS_BELOW = [(18, D("17.9")), (16, D("16.4"))]


@pytest.mark.parametrize("rooms, signature, exemption, outdoor, verdict", [
    (ROOMS_MET, "signed", None, D("-5"), "meets"),                          # a room without standard is not judged
    (ROOMS_BELOW, "signed", None, D("-5"), "below"),
    (ROOMS_BELOW, "signed_with_objection", None, D("-5"), "below"),         # an objection changes nothing
    (ROOMS_MET, "signed_with_objection", None, None, "meets"),
    (ROOMS_BELOW, "refused", None, D("-5"), "deemed_meets"),                # refusing to sign counts as up to standard
    (ROOMS_BELOW, "signed", None, D("-11"), "below"),                       # exactly −11 is not below −11
    (ROOMS_BELOW, "signed", None, D("-11.1"), "exempt"),
    (ROOMS_BELOW, "refused", None, D("-12"), "exempt"),
    (ROOMS_BELOW, "signed", "altered_structure", D("-3"), "exempt"),
    (ROOMS_BELOW, "signed", "decoration_or_insulation", None, "exempt"),
    (ROOMS_BELOW, "signed", "supply_cut", None, "exempt"),
    (ROOMS_BELOW, "signed", "maintenance_or_trial", None, "exempt"),
    ([(None, D("12"))], "signed", None, None, "meets"),                     # nothing to judge
])
def test_household_verdict(rooms, signature, exemption, outdoor, verdict):
    assert rules.household_verdict(rooms, signature, exemption, outdoor) == verdict


@pytest.mark.parametrize("day, season", [
    (date(2026, 11, 14), (date(2025, 11, 15), date(2026, 3, 15))),     # the day before: last season
    (date(2026, 11, 15), (date(2026, 11, 15), date(2027, 3, 15))),
    (date(2026, 12, 31), (date(2026, 11, 15), date(2027, 3, 15))),
    (date(2027, 1, 1), (date(2026, 11, 15), date(2027, 3, 15))),
    (date(2027, 3, 15), (date(2026, 11, 15), date(2027, 3, 15))),
    (date(2027, 7, 1), (date(2026, 11, 15), date(2027, 3, 15))),        # summer: the season that ended
])
def test_heating_season(day, season):
    assert rules.heating_season(day) == season


@pytest.mark.parametrize("verdicts, counts", [
    ([], (0, 0)),
    (["meets", "deemed_meets", "below", "exempt"], (2, 3)),
    (["exempt", "exempt"], (0, 0)),
    (["below"], (0, 1)),
])
def test_compliance_counts(verdicts, counts):
    assert rules.compliance_counts(verdicts) == counts


def test_month_summary_counts_each_household_once_by_branch_and_estate_leaving_exempt_out():
    rows = [("和平小区", 1, "meets"), ("和平小区", 1, "below"), ("碣阳小区", 2, "deemed_meets"),
            ("碣阳小区", 2, "exempt"), ("碣阳小区", 1, "meets")]
    summary = rules.month_summary(rows)
    assert (summary["total"]["met"], summary["total"]["counted"], summary["total"]["share"]) == (3, 4, 75)
    assert (summary["branches"][1]["met"], summary["branches"][1]["counted"]) == (2, 3)
    assert (summary["branches"][2]["met"], summary["branches"][2]["counted"], summary["branches"][2]["exempt"]) == (1, 1, 1)
    assert list(summary["estates"]) == ["和平小区", "碣阳小区"] and summary["estates"]["和平小区"]["share"] == 50
    assert rules.month_summary([])["total"]["share"] is None


from types import SimpleNamespace as _T
_R = datetime(2026, 12, 10, 2, 0)


@pytest.mark.parametrize("ticket, reached", [
    (None, ["received"]),
    (_T(received_at=_R + timedelta(minutes=9), branch_id=None, arrived_at=None, cleared_at=None), ["received", "classified"]),
    (_T(received_at=_R + timedelta(minutes=9), branch_id=3, arrived_at=None, cleared_at=None),
     ["received", "classified", "on_the_way"]),
    (_T(received_at=_R + timedelta(minutes=9), branch_id=3, arrived_at=_R + timedelta(minutes=40), cleared_at=None),
     ["received", "classified", "on_the_way", "on_site"]),
    (_T(received_at=_R + timedelta(minutes=9), branch_id=None, arrived_at=_R + timedelta(minutes=40),
        cleared_at=_R + timedelta(hours=2)), ["received", "classified", "on_the_way", "on_site", "cleared"]),
])
def test_track_steps(ticket, reached):
    steps = rules.track_steps(_R, ticket)
    assert [s for s, _at in steps] == list(rules.TRACK_STEPS)
    assert [s for s, at in steps if at is not None] == reached



@pytest.mark.parametrize("part, whole, problem", [
    (99, 100, None), (100, 100, None), (0, 5, None), (None, 100, "missing"), (5, None, "missing"),
    (101, 100, "impossible"), (-1, 100, "impossible"), (0, 0, "impossible"),
])
def test_entered_figure_problem(part, whole, problem):
    assert rules.entered_figure_problem(part, whole) == problem

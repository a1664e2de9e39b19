"""The register's and the alarms' rules at their boundaries (regulation 1 §4, §9), without HTTP
or database: who keeps and reads the register, a 旷工 the head cannot overwrite, one status a
day (half days included) and a month that never counts more than its working days, and an
alarm that stays open until its follow-up is recorded."""

from collections import Counter
from datetime import date as D, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from portal.leave import rules

HALF, ONE = Decimal("0.5"), Decimal(1)


# --- who keeps, reads, checks, decides ------------------------------------------------------

@pytest.mark.parametrize("viewer, head, head_away, substitute, keeps", [
    (5, 5, False, 9, True),       # the head of record
    (5, 5, True, 9, True),        # … also while away
    (9, 5, True, 9, True),        # the substitute of the head's post while the head is away
    (9, 5, False, 9, False),      # … not once the head is back
    (8, 5, True, 9, False),       # someone else
    (9, 5, True, None, False),    # a post without a substitute
    (9, None, True, 9, False),    # a department without a head
])
def test_the_register_is_kept_by_the_head_or_their_substitute_while_away(viewer, head, head_away, substitute, keeps):
    assert rules.can_keep_register(viewer, head, head_away, substitute) is keeps


@pytest.mark.parametrize("roles, kind, reads_all", [
    (set(), "labour", True),                 # the labour section pays wages: every department
    (set(), "section", False),
    ({"office"}, "office", True),
    ({"inspector"}, "section", False),       # inspection spot-checks; it does not read registers
    ({"inspector"}, "labour", True),
])
def test_the_labour_section_reads_every_register_report_and_alarm(roles, kind, reads_all):
    seen = rules.reader_roles(roles, kind)
    assert rules.can_read_register(7, "staff", seen, 5, 2) is reads_all
    assert (rules.report_scope(seen, "staff", (), ()) == rules.REPORT_ALL) is reads_all
    assert rules.can_see_alarms(7, "staff", seen, None) is (reads_all or "inspector" in roles)


@pytest.mark.parametrize("roles, rank, records", [
    ({"inspector"}, "staff", True),
    (set(), "general_manager", True),        # 机关领导抽查
    (set(), "deputy_manager", True),
    (set(), "department_head", False),
    ({"office"}, "staff", False),
])
def test_who_records_spot_checks(roles, rank, records):
    assert rules.can_record_spot_check(roles, rank) is records


@pytest.mark.parametrize("kind, viewer, rank, roles, deputy, approvers, decides", [
    (rules.CONFLICT_HEAD, 1, "general_manager", set(), 2, (), True),
    (rules.CONFLICT_HEAD, 2, "deputy_manager", set(), 2, (), True),      # the deputy in charge
    (rules.CONFLICT_HEAD, 3, "deputy_manager", set(), 2, (), False),     # another deputy
    (rules.CONFLICT_HEAD, 7, "staff", {"office"}, 2, (), False),         # the office found it: not its call
    (rules.CONFLICT_HEAD, 5, "department_head", set(), 2, (), False),    # nor the head's
    (rules.CONFLICT_LEAVE, 7, "staff", {"office"}, None, (5, 5), True),
    (rules.CONFLICT_LEAVE, 5, "department_head", set(), None, (5, None), True),  # the approver
    (rules.CONFLICT_LEAVE, 1, "general_manager", set(), None, (5, 5), False),
    (rules.CONFLICT_LEAVE, 6, "department_head", set(), None, (5, 5), False),
])
def test_who_decides_a_register_conflict(kind, viewer, rank, roles, deputy, approvers, decides):
    assert rules.can_resolve_conflict(kind, viewer, rank, roles, deputy, approvers) is decides


@pytest.mark.parametrize("note, problem", [("", "reason_required"), ("  ", "reason_required"), ("看过监控", None)])
def test_a_conflicts_decision_gives_its_reason_either_way(note, problem):
    assert rules.conflict_decision_problem(note) == problem


# --- a 旷工 the head cannot overwrite -----------------------------------------------------------

@pytest.mark.parametrize("code, source, new, outcome", [
    ("absent", "presence", "present", rules.CONFLICT),
    ("absent", "spot_check", "late", rules.CONFLICT),
    ("absent", "presence", "", rules.PROTECTED),         # not cleared either
    ("absent", "spot_check", "absent", rules.AGREES),
    ("absent", "register", "present", rules.WRITE),      # the head's own 旷工: theirs to correct
    ("absent", "duty", "present", rules.WRITE),
    ("absent", "notice", "present", rules.WRITE),
    ("absent", "conflict", "present", rules.WRITE),      # leadership decided it: an ordinary cell again
    ("late", "presence", "present", rules.WRITE),
    (None, None, "present", rules.WRITE),
])
def test_head_entry_over_a_protected_absence(code, source, new, outcome):
    assert rules.head_entry_outcome(code, source, new) == outcome


# --- one day, one status -----------------------------------------------------------------------

@pytest.mark.parametrize("entry, leave, record", [
    ("present", True, rules.ON_LEAVE),        # leave wins over what was typed before it
    ("present", "day", rules.ON_LEAVE),
    ("absent", "day", rules.ABSENT),          # … but a 旷工 stands until the conflict is decided
    (None, "day", rules.ON_LEAVE),
    ("late", "am", "late"),                   # half a day's leave: the cell holds the other half
    (None, "pm", None),
    ("late", None, "late"),
    ("late", False, "late"),
])
def test_day_record(entry, leave, record):
    assert rules.day_record(entry, leave) == record


@pytest.mark.parametrize("entry, leave, codes, types", [
    ("present", {}, {"present": ONE}, {}),
    (None, {}, {}, {}),
    ("present", {"am": "sick"}, {"present": HALF}, {"sick": HALF}),
    (None, {"pm": "personal"}, {}, {"personal": HALF}),
    ("absent", {"am": "sick"}, {"absent": HALF}, {"sick": HALF}),
    ("late", {"am": "sick", "pm": "sick"}, {}, {"sick": ONE}),
    ("absent", {"am": "sick", "pm": "sick"}, {"absent": ONE}, {}),
    (None, {"am": "sick", "pm": "personal"}, {}, {"sick": HALF, "personal": HALF}),
])
def test_day_shares(entry, leave, codes, types):
    assert rules.day_shares(entry, leave) == (codes, types)


def test_leave_parts_keep_each_half_and_its_type():
    spans = [(1, "sick", D(2026, 11, 23), "pm", D(2026, 11, 24), "am"),
             (1, "personal", D(2026, 11, 24), "am", D(2026, 11, 24), "pm"),   # overlaps: the first listed counts
             (2, "annual", D(2026, 11, 1), "am", D(2026, 12, 31), "pm")]
    got = rules.leave_parts(spans, D(2026, 11, 23), D(2026, 11, 25))
    assert got[(1, D(2026, 11, 23))] == {"pm": "sick"}
    assert got[(1, D(2026, 11, 24))] == {"am": "sick", "pm": "personal"}
    assert (1, D(2026, 11, 25)) not in got and len([k for k in got if k[0] == 2]) == 3
    assert rules.half_of(got[(1, D(2026, 11, 23))]) == "pm" and rules.half_of(got[(1, D(2026, 11, 24))]) == "day"
    assert rules.half_of(None) is None


def test_a_month_counts_each_working_day_once_and_missed_duty_beside():
    days = [D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)]
    entries = {D(2026, 11, 23): "present", D(2026, 11, 24): "late", D(2026, 11, 25): "absent",
               D(2026, 11, 22): "absent"}                       # a Sunday: a missed duty shift
    leave = {D(2026, 11, 24): {"am": "sick"}, D(2026, 11, 25): {"am": "sick", "pm": "sick"}}
    codes, types, off = rules.month_totals(days, entries, leave)
    assert codes == {"present": ONE, "late": HALF, "absent": ONE}
    assert types == {"sick": HALF}
    assert off == 1
    assert sum(codes.values()) + sum(types.values()) == len(days)


CODES = st.sampled_from(list(rules.ATTENDANCE_CODES) + [None])
TYPES = st.sampled_from(list(rules.LEAVE_TYPES))
HALVES = st.dictionaries(st.sampled_from(rules.PARTS), TYPES, max_size=2)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.tuples(CODES, HALVES), min_size=0, max_size=31),
       off_days=st.lists(CODES, max_size=8))
def test_property_no_month_counts_more_than_its_working_days(cells, off_days):
    days = [D(2026, 11, 1) + timedelta(days=i) for i in range(len(cells))]
    entries = {d: code for d, (code, _leave) in zip(days, cells) if code}
    entries.update({D(2027, 1, 1) + timedelta(days=i): c for i, c in enumerate(off_days) if c})   # not working days
    leave = {d: parts for d, (_code, parts) in zip(days, cells) if parts}
    codes, types, off = rules.month_totals(days, entries, leave)
    assert sum(codes.values()) + sum(types.values()) <= len(days)
    assert all(v > 0 for v in list(codes.values()) + list(types.values()))
    assert off == sum(1 for c in off_days if c == rules.ABSENT)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.tuples(CODES, HALVES), min_size=0, max_size=31), counted_by_db=st.data())
def test_property_days_counted_by_the_database_add_up_the_same(cells, counted_by_db):
    """The report lets the database count the plain days (no leave touches them): handing some
    of those over as `plain` counts gives the same month as handing every cell over."""
    days = [D(2026, 11, 1) + timedelta(days=i) for i in range(len(cells))]
    entries = {d: code for d, (code, _leave) in zip(days, cells) if code}
    leave = {d: parts for d, (_code, parts) in zip(days, cells) if parts}
    movable = [d for d in entries if d not in leave]
    moved = counted_by_db.draw(st.lists(st.sampled_from(movable), unique=True) if movable else st.just([]))
    plain = Counter(entries[d] for d in moved)
    rest = {d: code for d, code in entries.items() if d not in moved}
    assert rules.month_totals(days, rest, leave, plain) == rules.month_totals(days, entries, leave)


# --- an alarm stays open until its follow-up is recorded --------------------------------------

TODAY = D(2026, 11, 26)


def every_other_day(first: D, n: int) -> list[D]:
    return [first + timedelta(days=2 * i) for i in range(n)]


@pytest.mark.parametrize("count, standing", [(19, None), (20, rules.NEAR), (29, rules.NEAR), (30, rules.OPEN)])
def test_the_talk_alarm_opens_at_30_days_in_3_months(count, standing):
    days = every_other_day(D(2026, 9, 1), count)
    found = rules.alarm_follow_up(days, (), TODAY).get(rules.TALK)
    assert (found[0] if found else None) == standing
    if found:
        assert found[1:4] == (count, days[0], days[-1]) and found[4] == frozenset()


def test_the_talk_closes_the_alarm_and_only_new_absences_count_after_it():
    days = every_other_day(D(2026, 9, 1), 30)
    talk = (rules.TALK, rules.TALK_STEP, days[-1])
    assert rules.TALK not in rules.alarm_follow_up(days, [talk], TODAY)
    # a talk recorded for an earlier window (through before this window's first day) does not count
    assert rules.alarm_follow_up(days, [(rules.TALK, rules.TALK_STEP, days[0] - timedelta(days=1))],
                                 TODAY)[rules.TALK][0] == rules.OPEN
    # after the talk: 19 new days are nothing yet, 20 are near again, 30 open a new alarm
    later = [days[-1] + timedelta(days=i) for i in range(1, 31)]
    for n, standing in ((19, None), (20, rules.NEAR), (30, rules.OPEN)):
        found = rules.alarm_follow_up(days + later[:n], [talk], days[-1] + timedelta(days=40)).get(rules.TALK)
        assert (found[0] if found else None) == standing, n
        if found:
            assert found[1] == n and found[2] == later[0]


def test_sixty_days_need_the_meeting_the_report_and_the_exclusion():
    days = [D(2026, 6, 1) + timedelta(days=i) for i in range(0, 150, 2)][:60]   # 60 in 4 months
    found = rules.alarm_follow_up(days, (), TODAY)
    assert found[rules.EXCLUDE][:2] == (rules.OPEN, 60) and found[rules.TALK][0] == rules.OPEN
    last = found[rules.EXCLUDE][3]
    steps = [(rules.EXCLUDE, rules.MEETING, last), (rules.EXCLUDE, rules.BUREAU_REPORT, last)]
    partly = rules.alarm_follow_up(days, steps, TODAY)[rules.EXCLUDE]
    assert partly[0] == rules.OPEN and partly[4] == {rules.MEETING, rules.BUREAU_REPORT}
    done = rules.alarm_follow_up(days, steps + [(rules.EXCLUDE, rules.EXCLUSION, last)], TODAY)
    assert rules.EXCLUDE not in done
    assert done[rules.TALK][0] == rules.OPEN     # the talk is its own follow-up


def test_only_days_up_to_today_count():
    days = every_other_day(D(2026, 11, 1), 30)     # the last ones lie after TODAY
    assert rules.alarm_follow_up(days, (), TODAY).get(rules.TALK, (None,))[0] != rules.OPEN


@pytest.mark.parametrize("alarm, step, on, held_by, notes, start, end, problem", [
    (rules.TALK, rules.TALK_STEP, TODAY, 1, "谈话内容", None, None, None),
    (rules.TALK, rules.MEETING, TODAY, 1, "x", None, None, rules.STEP_UNKNOWN),     # not a step of the talk
    (rules.TALK, rules.TALK_STEP, None, 1, "x", None, None, rules.DATE_NEEDED),
    (rules.TALK, rules.TALK_STEP, TODAY + timedelta(days=1), 1, "x", None, None, rules.DATE_IN_FUTURE),
    (rules.TALK, rules.TALK_STEP, TODAY - timedelta(days=366), 1, "x", None, None, None),
    (rules.TALK, rules.TALK_STEP, TODAY - timedelta(days=367), 1, "x", None, None, rules.DATE_TOO_OLD),
    (rules.TALK, rules.TALK_STEP, TODAY, None, "x", None, None, rules.HELD_BY_NEEDED),
    (rules.TALK, rules.TALK_STEP, TODAY, 1, " ", None, None, rules.NOTES_NEEDED),
    (rules.EXCLUDE, rules.MEETING, TODAY, None, "", None, None, rules.NOTES_NEEDED),
    (rules.EXCLUDE, rules.MEETING, TODAY, None, "会议决定", None, None, None),
    (rules.EXCLUDE, rules.BUREAU_REPORT, TODAY, None, "", None, None, None),
    (rules.EXCLUDE, rules.EXCLUSION, TODAY, None, "", TODAY, None, rules.PERIOD_NEEDED),
    (rules.EXCLUDE, rules.EXCLUSION, TODAY, None, "", TODAY, TODAY - timedelta(days=1), rules.PERIOD_BACKWARDS),
    (rules.EXCLUDE, rules.EXCLUSION, TODAY, None, "", TODAY, TODAY, None),
])
def test_follow_up_problem(alarm, step, on, held_by, notes, start, end, problem):
    assert rules.follow_up_problem(alarm, step, on, TODAY, held_by, notes, start, end) == problem


@pytest.mark.parametrize("viewer, rank, roles, deputy, records", [
    (1, "general_manager", set(), None, True),
    (2, "deputy_manager", set(), 2, True),
    (3, "deputy_manager", set(), 2, False),
    (7, "staff", {"office"}, None, True),
    (8, "staff", {rules.LABOUR_SECTION}, None, True),
    (9, "staff", {"inspector"}, None, False),
    (5, "department_head", set(), 2, False),
])
def test_who_records_a_follow_up(viewer, rank, roles, deputy, records):
    assert rules.can_record_follow_up(viewer, rank, roles, deputy) is records

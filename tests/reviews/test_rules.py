"""The yearly account of duties (述职), without HTTP or a database."""

from datetime import date

import pytest

from portal.reviews import rules

D = date
HOLDER, HEAD, DEPUTY, GM, OTHER = 1, 2, 3, 4, 5


@pytest.mark.parametrize("today, year, season", [
    (D(2026, 11, 30), 2026, False),
    (D(2026, 12, 1), 2026, True),     # the season opens: this year's account
    (D(2026, 12, 31), 2026, True),
    (D(2027, 1, 4), 2026, True),      # January: still last year's
    (D(2027, 2, 28), 2026, True),
    (D(2027, 3, 1), 2027, False),     # from March: the new year's
    (D(2027, 6, 15), 2027, False),
])
def test_the_year_under_review_and_the_season(today, year, season):
    assert rules.review_year(today) == year
    assert rules.in_season(today) is season


@pytest.mark.parametrize("holder, rank, head, deputy, gm, commenter", [
    (HOLDER, "staff", HEAD, DEPUTY, GM, HEAD),                      # the head of the department
    (HEAD, "department_head", HEAD, DEPUTY, GM, DEPUTY),            # the head's own: the deputy in charge
    (HEAD, "branch_manager", HEAD, None, GM, GM),                   # … or, without one, the GM
    (HOLDER, "staff", None, DEPUTY, GM, DEPUTY),                    # no head: the deputy in charge
    (DEPUTY, "deputy_manager", GM, None, GM, GM),                   # a deputy manager's: the GM
    (GM, "general_manager", GM, None, GM, None),                    # nobody comments on the GM's
    (HOLDER, "staff", None, None, None, None),
    (GM, "staff", None, None, GM, None),                            # never one's own
])
def test_who_comments(holder, rank, head, deputy, gm, commenter):
    assert rules.commenter(holder, rank, head, deputy, gm) == commenter


@pytest.mark.parametrize("written, commented, state", [
    (False, False, rules.MISSING), (True, False, rules.WRITTEN), (True, True, rules.COMMENTED)])
def test_state(written, commented, state):
    assert rules.state(written, commented) == state


def test_writing_and_commenting():
    assert rules.can_write(HOLDER, HOLDER, commented=False)
    assert not rules.can_write(HOLDER, HOLDER, commented=True)       # commented on: it stands
    assert not rules.can_write(HEAD, HOLDER, commented=False)
    assert rules.can_comment(HEAD, HEAD, written=True, commented=False)
    assert not rules.can_comment(HEAD, HEAD, written=True, commented=True)   # once
    assert not rules.can_comment(HEAD, HEAD, written=False, commented=False)
    assert not rules.can_comment(OTHER, HEAD, written=True, commented=False)
    assert not rules.can_comment(HEAD, None, written=True, commented=False)


@pytest.mark.parametrize("viewer, written, commented, line", [
    (HEAD, True, False, (rules.WRITTEN, True)),          # the head comments on a staff account
    (HEAD, True, True, (rules.COMMENTED, False)),
    (HEAD, False, False, (rules.MISSING, False)),        # nothing to comment on yet
    (DEPUTY, True, False, (rules.WRITTEN, False)),       # not the deputy's: the head's
])
def test_a_line_of_the_overview(viewer, written, commented, line):
    assert rules.overview_line(viewer, HOLDER, "staff", HEAD, DEPUTY, GM, written, commented) == line


@pytest.mark.parametrize("viewer, rank, roles, readable", [
    (HOLDER, "staff", (), True),
    (HEAD, "department_head", (), True),
    (DEPUTY, "deputy_manager", (), True),
    (GM, "general_manager", (), True),
    (OTHER, "staff", ("office",), True),
    (OTHER, "staff", (), False),
    (OTHER, "department_head", (), False),          # the head of another department
    (OTHER, "staff", ("admin",), False),
])
def test_who_reads_an_account(viewer, rank, roles, readable):
    assert rules.can_read(viewer, rank, roles, HOLDER, HEAD, HEAD, DEPUTY) is readable


def test_overview_scope():
    assert rules.overview_scope("staff", {"office"}, (), ()) == rules.SCOPE_ALL
    assert rules.overview_scope("general_manager", (), (), ()) == rules.SCOPE_ALL
    assert rules.overview_scope("department_head", (), {7}, ()) == frozenset({7})
    assert rules.overview_scope("deputy_manager", (), (), {7, 8}) == frozenset({7, 8})


@pytest.mark.parametrize("states, expected", [
    ([], {"missing": 0, "written": 0, "commented": 0}),
    (["missing", "missing", "commented"], {"missing": 2, "written": 0, "commented": 1}),
    (["written"], {"missing": 0, "written": 1, "commented": 0}),
])
def test_tally_names_every_state(states, expected):
    assert rules.tally(states) == expected


def test_department_tally_counts_states_and_what_is_the_viewers_per_department():
    rows = [(1, "missing", False), (1, "written", True), (2, "commented", False), (1, "written", False)]
    assert rules.department_tally(rows) == {
        1: ({"missing": 1, "written": 2, "commented": 0}, 1),
        2: ({"missing": 0, "written": 0, "commented": 1}, 0)}

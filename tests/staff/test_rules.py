"""Directory and record rules, without HTTP or a database."""

import pytest

from portal.staff import rules
from portal.staff.rules import Viewer


@pytest.mark.parametrize("name, pinyin, initials", [
    ("王建国", "wangjianguo", "wjg"),
    ("林静", "linjing", "lj"),
    ("欧阳晓峰", "ouyangxiaofeng", "oyxf"),
    ("张立军", "zhanglijun", "zlj"),
])
def test_name_search_keys(name, pinyin, initials):
    assert rules.name_search_keys(name) == (pinyin, initials)


@pytest.mark.parametrize("query, expected", [
    ("", ("all", "")),
    ("   ", ("all", "")),
    ("王", ("name", "王")),
    ("办公室", ("name", "办公室")),
    ("wjg", ("pinyin", "wjg")),
    ("WJG", ("pinyin", "wjg")),
    ("wang jian", ("pinyin", "wangjian")),
    ("1380", ("phone", "1380")),
    ("0335-2021", ("phone", "03352021")),
    ("12", ("name", "12")),          # too short to be a phone fragment
    ("王1", ("name", "王1")),
])
def test_classify_query(query, expected):
    assert rules.classify_query(query) == expected


GM = Viewer(id=1, rank="general_manager")
DEPUTY = Viewer(id=2, rank="deputy_manager", overseen_department_ids=frozenset({10, 11}))
HEAD_10 = Viewer(id=3, rank="department_head", headed_department_ids=frozenset({10}))
OFFICE_CLERK = Viewer(id=4, rank="staff", roles=frozenset({"office"}))
ADMIN = Viewer(id=5, rank="staff", roles=frozenset({"admin"}))
STAFF_10 = Viewer(id=6, rank="staff")
DRIVER = Viewer(id=7, rank="staff", roles=frozenset({"driver"}))


@pytest.mark.parametrize("viewer, target_id, target_dept, allowed", [
    (STAFF_10, 6, 10, True),      # oneself
    (STAFF_10, 8, 10, False),     # a colleague: directory only
    (HEAD_10, 6, 10, True),       # head of the person's department
    (HEAD_10, 9, 12, False),      # head of another department
    (DEPUTY, 6, 10, True),        # deputy overseeing that department
    (DEPUTY, 9, 12, False),       # deputy not overseeing it
    (GM, 9, 12, True),
    (OFFICE_CLERK, 9, 12, True),  # the office keeps staff records
    (ADMIN, 9, 12, True),
    (DRIVER, 9, 12, False),
])
def test_can_view_record(viewer, target_id, target_dept, allowed):
    assert rules.can_view_record(viewer, target_id, target_dept) is allowed


@pytest.mark.parametrize("roles, edit, assign", [
    (frozenset(), False, False),
    (frozenset({"office"}), True, False),
    (frozenset({"admin"}), True, True),
    (frozenset({"guard", "driver"}), False, False),
])
def test_who_edits_records_and_roles(roles, edit, assign):
    assert rules.can_edit_employee(roles) is edit
    assert rules.can_assign_roles(roles) is assign


# --- a post's substitute (代岗人, regulation 4) -----------------------------------------------

@pytest.mark.parametrize("substitute, holders, problem, effective", [
    (None, [], None, None),
    (None, [1], None, None),
    (2, [1], None, 2),                        # someone else stands in
    (1, [1], rules.ONLY_HOLDER, None),        # its only holder: nobody would stand in
    (1, [1, 3], None, 1),                     # one of two holders stands in for the other
    (2, [], None, 2),                         # a vacant post
])
def test_a_post_cannot_be_its_own_substitute(substitute, holders, problem, effective):
    assert rules.substitute_problem(substitute, holders) == problem
    assert rules.effective_substitute(substitute, holders) == effective

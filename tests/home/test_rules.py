import pytest

from portal.home.rules import role_line, rows_per_kind


@pytest.mark.parametrize("department, kind, post, rank, expected", [
    ("警卫班", "guard", "门卫", "员工", ["警卫班", "门卫"]),
    ("公司领导", "leadership", "总经理", "总经理", ["总经理"]),
    ("公司领导", "leadership", "行政副经理", "分管经理", ["行政副经理"]),
    ("办公室", "office", None, "部门负责人", ["办公室", "部门负责人"]),
    ("稽查科", "section", "稽查科", "员工", ["稽查科"]),            # a post named like its department
    (None, None, None, "员工", ["员工"]),
])
def test_the_role_line_says_each_thing_once(department, kind, post, rank, expected):
    assert role_line(department, kind, post, rank) == expected


@pytest.mark.parametrize("kinds, expected", [
    (1, 5), (3, 5), (4, 5),          # few kinds: as many rows of each as are loaded
    (5, 4),                          # twenty rows in all
    (6, 3), (7, 3), (12, 3),         # never fewer than three of a kind
    (0, 5),
])
def test_rows_of_each_kind_keep_the_decisions_page_about_twenty_rows_long(kinds, expected):
    assert rows_per_kind(kinds, most=5, page_rows=20, least=3) == expected


def test_rows_of_each_kind_never_exceed_what_was_loaded():
    assert rows_per_kind(7, most=1, page_rows=20, least=3) == 1

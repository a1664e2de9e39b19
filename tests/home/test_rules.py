import pytest

from portal.home.rules import role_line


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

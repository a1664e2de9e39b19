"""Random and hostile input to every form, as an authorised user: never a 500, nothing
invalid stored, and whatever comes back is escaped."""

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from portal.extensions import db
from portal.handbook.models import RegulationRevision
from portal.staff.models import Department, Employee, Post
from portal.workdays.models import HolidaySchedule
from tests.conftest import login

NASTY = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<b>王建国</b><i>hostile</i>", "'; DROP TABLE employees; --",
    "1 OR 1=1", "%", "_", "\\", "\x00", "\x00<b>", "\u202e\u0645", "𠀀𠀁", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "2026-02-30", "9999-99-99", "-1", "99999999999999999999", "0", "", " ", "\r\n\t", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "a" * 5000, "王" * 300, "{{ 7*7 }}", "${7*7}", "%(name)s", "javascript:alert(1)",
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=80), st.text(min_size=200, max_size=2000))

EMPLOYEE_FIELDS = ["name", "username", "department_id", "post_id", "rank", "roles", "phone",
                   "office_phone", "hire_date", "emergency_contact", "notes"]
DEPARTMENT_FIELDS = ["name", "kind", "phone", "location", "head_id", "deputy_id", "sort_order"]
POST_FIELDS = ["department_id", "title", "duties", "goals", "substitute_id", "sort_order"]
PASSWORD_FIELDS = ["new_password", "confirm"]

FORMS = [
    ("admin", "POST", "/staff/admin/employees/new", EMPLOYEE_FIELDS),
    ("admin", "POST", "/staff/admin/employees/{employee}/edit", EMPLOYEE_FIELDS),
    ("admin", "POST", "/staff/admin/departments/new", DEPARTMENT_FIELDS),
    ("admin", "POST", "/staff/admin/departments/{department}/edit", DEPARTMENT_FIELDS),
    ("admin", "POST", "/staff/admin/posts/new", POST_FIELDS),
    ("admin", "POST", "/staff/admin/posts/{post}/edit", POST_FIELDS),
    ("admin", "POST", "/staff/admin/employees/{employee}/password", PASSWORD_FIELDS),
    ("staff", "POST", "/password", ["current_password"] + PASSWORD_FIELDS),
    (None, "POST", "/login", ["username", "password"]),
    (None, "POST", "/locale", ["lang", "next"]),
    ("staff", "GET", "/staff/", ["q", "dept"]),
    ("office", "POST", "/handbook/vehicles/edit", ["title", "preamble", "articles-0-marker", "articles-0-text",
                                                   "articles-1-text", "closing", "effective_date", "note", "action"]),
    ("staff", "GET", "/handbook/search", ["q"]),
    ("office", "POST", "/admin/calendar/", ["year", "holidays", "workdays", "action"]),
    ("office", "GET", "/admin/calendar/", ["year"]),
]

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
PHONE = re.compile(r"^[\d\-+ ]{3,20}$")


def _ids(app):
    with app.app_context():
        return {
            "employee": db.session.scalar(select(Employee.id).where(Employee.username == "pangyutong")),
            "department": db.session.scalar(select(Department.id).where(Department.name == "劳资科")),
            "post": db.session.scalar(select(Post.id).where(Post.title == "劳资员")),
        }


def _assert_escaped(body: str, values: dict) -> None:
    for value in values.values():
        # Long enough that it cannot stand in the page by chance; short enough to be echoed.
        if isinstance(value, str) and "<" in value and 12 <= len(value) < 1000:
            assert value not in body, f"unescaped input came back: {value!r}"


@pytest.mark.parametrize("role, method, path, fields", FORMS, ids=[f[2] for f in FORMS])
def test_hostile_input_never_breaks_a_form(app, role, method, path, fields):
    client = app.test_client()
    if role:
        login(client, role)
    url = path.format(**_ids(app))

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.fixed_dictionaries({name: VALUES for name in fields}))
    def post(values):
        if method == "GET":
            response = client.get(url, query_string=values)
        else:
            response = client.post(url, data=values)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        _assert_escaped(response.get_data(as_text=True), values)

    post()
    with app.app_context():
        db.session.remove()
        for person in db.session.scalars(select(Employee)):
            assert USERNAME.match(person.username), person.username
            assert person.phone is None or PHONE.match(person.phone)
            assert len(person.name) <= 20 and person.name.strip() == person.name and person.name
            assert "\x00" not in person.notes
        for dept in db.session.scalars(select(Department)):
            assert dept.name and len(dept.name) <= 50 and "\x00" not in dept.name
        for revision in db.session.scalars(select(RegulationRevision)):
            assert revision.title and revision.articles and len(revision.title) <= 60
            assert all(a["text"] and "\x00" not in a["text"] for a in revision.articles)
        for schedule in db.session.scalars(select(HolidaySchedule)):
            assert all(line.startswith(f"{schedule.year}-") for line in (schedule.holidays + "\n" + schedule.workdays).split())
    assert client.get("/login" if role is None else "/").status_code in (200, 302)

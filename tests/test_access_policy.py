"""Deny by default: every route declares who may open it, and every route answers every
demo role as intended, for plain and for htmx requests."""

import importlib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.staff.models import Department, Employee, Post
from portal.web.access import policies_for
from tests.conftest import login
from tests.roles import ADMIN, EVERYONE, GM, LOGGED_IN, OFFICE, RECORDS, ROLES

# (method, path, who gets through). Paths use {employee}, {department}, {post}, {newcomer}.
# State-changing routes come last, logout at the very end.
MATRIX = [
    ("GET", "/login", EVERYONE),
    ("GET", "/", LOGGED_IN),
    ("GET", "/decisions", LOGGED_IN),
    ("GET", "/decisions/badge", LOGGED_IN),
    ("GET", "/password", LOGGED_IN),
    ("GET", "/staff/", LOGGED_IN),
    ("GET", "/staff/?q=wjg&dept={department}", LOGGED_IN),
    ("GET", "/staff/{employee}", LOGGED_IN),
    ("GET", "/staff/departments", LOGGED_IN),
    ("GET", "/staff/departments/{department}", LOGGED_IN),
    ("GET", "/staff/admin", RECORDS),
    ("GET", "/staff/admin/departments/new", ADMIN),
    ("GET", "/staff/admin/departments/{department}/edit", ADMIN),
    ("GET", "/staff/admin/posts/new", RECORDS),
    ("GET", "/staff/admin/posts/{post}/edit", RECORDS),
    ("GET", "/staff/admin/employees/new", RECORDS),
    ("GET", "/staff/admin/employees/{employee}/edit", RECORDS),
    ("GET", "/staff/admin/employees/{employee}/password", ADMIN),
    ("GET", "/staff/admin/changes", ADMIN | GM),
    ("GET", "/handbook/", LOGGED_IN),
    ("GET", "/handbook/search?q=旷工", LOGGED_IN),
    ("GET", "/handbook/attendance", LOGGED_IN),
    ("GET", "/handbook/attendance/history", LOGGED_IN),
    ("GET", "/handbook/hygiene/revisions/2", LOGGED_IN),
    ("GET", "/handbook/attendance/edit", OFFICE),
    ("GET", "/handbook/acknowledgements", OFFICE),
    ("GET", "/handbook/handbook.pdf", LOGGED_IN),
    ("GET", "/handbook/attendance/print.pdf", LOGGED_IN),
    ("GET", "/public/", EVERYONE),
    ("GET", "/public/regulations/service-commitments", EVERYONE),
    ("GET", "/static/css/portal.css", EVERYONE),
    ("GET", "/healthz", EVERYONE),
    ("GET", "/favicon.ico", EVERYONE),
    ("POST", "/login", EVERYONE),
    ("POST", "/password", LOGGED_IN),
    ("POST", "/locale", EVERYONE),
    ("POST", "/staff/admin/departments/new", ADMIN),
    ("POST", "/staff/admin/departments/{department}/edit", ADMIN),
    ("POST", "/staff/admin/posts/new", RECORDS),
    ("POST", "/staff/admin/posts/{post}/edit", RECORDS),
    ("POST", "/staff/admin/employees/new", RECORDS),
    ("POST", "/staff/admin/employees/{employee}/edit", RECORDS),
    ("POST", "/staff/admin/employees/{employee}/password", ADMIN),
    ("POST", "/handbook/attendance/acknowledge", LOGGED_IN),
    ("POST", "/handbook/attendance/edit", OFFICE),
    ("POST", "/staff/admin/employees/{newcomer}/deactivate", ADMIN),
    ("POST", "/staff/admin/employees/{newcomer}/activate", ADMIN),
]
# Each area may keep its rows in tests/<area>/matrix*.py (matrix.py, or one per part:
# matrix_<part>.py): a MATRIX list of the same shape, and optionally ids(app) ->
# {placeholder: id} for the placeholders its paths use.
AREA_MODULES = [importlib.import_module(f"tests.{p.parent.name}.{p.stem}")
                for p in sorted(Path(__file__).parent.glob("*/matrix*.py"))]
for _module in AREA_MODULES:
    MATRIX += _module.MATRIX
MATRIX.append(("POST", "/logout", LOGGED_IN))  # last: it ends the session


def test_every_route_declares_a_policy(app):
    with app.test_request_context():
        missing = [rule.rule for rule in app.url_map.iter_rules() if not policies_for(rule.endpoint)]
    assert missing == []


def test_every_route_is_in_the_matrix(app):
    covered = set()
    adapter = app.url_map.bind("localhost")
    for method, path, _ in MATRIX:
        endpoint, _args = adapter.match(re.sub(r"\{\w+\}", "1", path.split("?")[0]), method=method)
        covered.add((endpoint, method))
    declared = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
                for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert declared - covered == set()


def _ids(app):
    extra = {}
    for module in AREA_MODULES:
        if hasattr(module, "ids"):
            extra.update(module.ids(app))
    with app.app_context():
        return extra | {
            "employee": db.session.scalar(select(Employee.id).where(Employee.username == "staff")),
            "newcomer": db.session.scalar(select(Employee.id).where(Employee.username == "pangyutong")),
            "department": db.session.scalar(select(Department.id).where(Department.name == "投资发展部")),
            "post": db.session.scalar(select(Post.id).where(Post.title == "项目管理员")),
        }


def _outcome(response) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 401 or (response.status_code == 302
                                       and response.location.startswith("/login?next=")):
        return "login"
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return "ok"


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES)
def test_route_answers_each_role_as_intended(app, role, htmx):
    ids = _ids(app)
    client = app.test_client()
    if role != "anonymous":
        login(client, role)
    headers = {"HX-Request": "true"} if htmx else {}
    wrong = []
    for method, path, allowed in MATRIX:
        url = path.format(**ids)
        response = client.open(url, method=method, headers=headers)
        got = _outcome(response)
        if role in allowed:
            expected = "ok"
        else:
            expected = "login" if role == "anonymous" else "forbidden"
        if got != expected:
            wrong.append(f"{method} {url}: expected {expected}, got {got} ({response.status_code})")
        if got == "login" and htmx:
            assert response.headers.get("HX-Redirect") == "/login"
    assert wrong == []

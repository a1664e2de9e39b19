"""Sessions that really end: background polling is not activity, an ended session sends the
page to the login form (which says why) and back, and a password set by an administrator is
changed before anything else."""

import re
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.sessions import POLL_HEADER
from portal.extensions import db
from portal.staff import operations as staff_operations
from portal.staff.models import Employee
from tests.conftest import DEMO_PASSWORD, login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TIMED_OUT = "登录已超时，请重新登录"
BADGE = "/decisions/badge"


def polling(page: str) -> dict:
    """The headers htmx sends for a polling element on `page`."""
    return {"HX-Request": "true", POLL_HEADER: "1", "HX-Current-URL": "http://localhost" + page}


@pytest.fixture
def advance():
    """advance(minutes): the portal's clock moves on (it keeps running from there)."""
    with ExitStack() as stack:
        yield lambda minutes: stack.enter_context(
            clock.travel_to(clock.utcnow() + timedelta(minutes=minutes)))


def test_every_polling_element_says_it_is_polling():
    """Any hx-trigger="every …" in any template sends the polling header (checked in one
    place, auth.sessions.is_polling)."""
    found = 0
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<[^<>]*hx-trigger=\"[^\"]*\bevery\b[^\"]*\"[^<>]*>", template.read_text()):
            found += 1
            assert f"hx-headers='{{\"{POLL_HEADER}\": \"1\"}}'" in tag, f"{template.name}: {tag}"
    assert found >= 3   # the approval badge, the absence board, the lobby screen


def test_an_unattended_tab_times_out_although_it_polls(app, as_user, advance):
    client = as_user("deputy")
    page = client.get("/leave/inbox").get_data(as_text=True)
    assert POLL_HEADER in page   # the badge in the navigation polls
    idle = app.config["PORTAL_IDLE_TIMEOUT_MINUTES"]
    for _ in range(idle // 5 - 1):   # polls every 5 minutes, up to 5 minutes before the timeout
        advance(5)
        assert client.get(BADGE, headers=polling("/leave/inbox")).status_code == 200
        assert client.get("/absence/", headers=polling("/absence/")).status_code == 200
    advance(5 + 2)   # the timeout + 2 minutes since the last thing the user did
    response = client.get(BADGE, headers=polling("/leave/inbox?tab=mine"))
    assert response.status_code == 401
    target = response.headers["HX-Redirect"]
    assert urlsplit(target).path == "/login"
    assert parse_qs(urlsplit(target).query)["next"] == ["/leave/inbox?tab=mine"]   # the user's place
    login_page = client.get(target).get_data(as_text=True)
    assert TIMED_OUT in login_page
    back = client.post(target, data={"username": "deputy", "password": DEMO_PASSWORD})
    assert back.status_code == 302 and back.location == "/leave/inbox?tab=mine"
    assert TIMED_OUT not in client.get("/login").get_data(as_text=True)


def test_what_the_user_does_keeps_the_session(app, as_user, advance):
    client = as_user("deputy")
    idle = app.config["PORTAL_IDLE_TIMEOUT_MINUTES"]
    advance(idle - 5)
    assert client.get("/absence/", headers={"HX-Request": "true"}).status_code == 200   # a search, say
    advance(10)
    assert client.get(BADGE, headers=polling("/leave/inbox")).status_code == 200


def test_the_session_cookie_is_sent_again_only_when_the_session_changes(as_user):
    # The server ends a session (idle or 12 hours after login); the cookie only carries its token.
    client = as_user("deputy")
    client.get("/leave/inbox")               # the first form of a session stores its CSRF secret
    for path, headers in ((BADGE, {}), (BADGE, polling("/")), ("/leave/inbox", {}), ("/", {})):
        assert "Set-Cookie" not in client.get(path, headers=headers).headers, path
    assert "Set-Cookie" in client.post("/logout").headers


def test_an_ended_session_sends_a_page_to_login_and_back(app, as_user, advance):
    client = as_user("staff")
    advance(app.config["PORTAL_IDLE_TIMEOUT_MINUTES"] + 1)
    response = client.get("/staff/departments")
    assert response.status_code == 302 and response.location == "/login?next=/staff/departments"
    assert "HX-Request" in response.headers["Vary"]
    assert TIMED_OUT in client.get(response.location).get_data(as_text=True)


def test_an_ended_session_on_a_search_keeps_the_page(app, as_user, advance):
    client = as_user("staff")
    advance(app.config["PORTAL_IDLE_TIMEOUT_MINUTES"] + 1)
    response = client.get("/staff/?q=wang", headers={"HX-Request": "true",
                                                    "HX-Current-URL": "http://localhost/staff/?q=wang"})
    assert response.status_code == 401 and "HX-Request" in response.headers["Vary"]
    assert parse_qs(urlsplit(response.headers["HX-Redirect"]).query)["next"] == ["/staff/?q=wang"]


@pytest.mark.parametrize("current_url", ["http://localhost//evil.example/", "http://evil.example/staff/",
                                         "javascript:alert(1)", ""])
def test_the_page_to_come_back_to_is_on_this_site(client, current_url):
    response = client.get(BADGE, headers={"HX-Request": "true", "HX-Current-URL": current_url})
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/login"


def test_logging_out_is_not_a_timeout(as_user):
    client = as_user("staff")
    client.post("/logout")
    response = client.get("/staff/departments")
    assert TIMED_OUT not in client.get(response.location).get_data(as_text=True)


# --- a password an administrator set ------------------------------------------------------

def _reset_by_admin(app, username: str, password: str) -> None:
    with app.app_context():
        person = db.session.scalar(select(Employee).where(Employee.username == username))
        staff_operations.reset_password(person, password)


def _must_change(app, username: str) -> bool:
    with app.app_context():
        return db.session.scalar(select(Employee.password_must_change).where(Employee.username == username))


def test_demo_accounts_are_not_asked_to_change_their_password(as_user):
    assert as_user("gm").get("/").status_code == 200


def test_a_password_reset_by_the_administrator_is_changed_at_the_next_login(app, as_user):
    admin = as_user("admin")
    with app.app_context():
        staff = db.session.scalar(select(Employee.id).where(Employee.username == "staff"))
    assert admin.post(f"/staff/admin/employees/{staff}/password",
                      data={"new_password": "warm-2026!", "confirm": "warm-2026!"}).status_code == 302
    assert _must_change(app, "staff")

    client = app.test_client()
    response = client.post("/login?next=/staff/departments", data={"username": "staff", "password": "warm-2026!"})
    assert response.status_code == 302 and response.location == "/password?next=/staff/departments"
    page = client.get("/password").get_data(as_text=True)
    assert "管理员为您设置了密码" in page and "取消" not in page

    # nothing else opens until then: pages, fragments and polling
    for path in ("/", "/staff/", "/leave/", "/staff/departments"):
        response = client.get(path)
        assert response.status_code == 302 and urlsplit(response.location).path == "/password", path
    htmx = client.get("/staff/?q=wang", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/staff/"})
    assert urlsplit(htmx.headers["HX-Redirect"]).path == "/password" and not htmx.data
    assert client.get(BADGE, headers=polling("/password")).status_code == 204
    assert client.get("/static/css/portal.css").status_code == 200

    same = client.post("/password", data={"current_password": "warm-2026!", "new_password": "warm-2026!",
                                          "confirm": "warm-2026!"})
    assert "新密码不能与当前密码相同" in same.get_data(as_text=True)
    done = client.post("/password?next=/staff/departments",
                       data={"current_password": "warm-2026!", "new_password": "radiator-valve-7",
                             "confirm": "radiator-valve-7"})
    assert done.status_code == 302 and done.location == "/staff/departments"
    assert not _must_change(app, "staff")
    assert client.get("/staff/departments").status_code == 200


def test_logging_out_works_before_the_change(app):
    _reset_by_admin(app, "driver", "warm-2026!")
    client = app.test_client()
    login(client, "driver", "warm-2026!")
    assert client.post("/logout").status_code == 302
    assert client.get("/password").status_code == 302   # logged out: the login page


def test_create_user_sets_a_password_to_be_changed(app):
    from portal.cli import create_user
    result = app.test_cli_runner().invoke(create_user, [
        "--username", "liuyang", "--name", "刘洋", "--department", "信息中心", "--password", "a-long-secret"])
    assert result.exit_code == 0, result.output
    assert _must_change(app, "liuyang")
    assert login(app.test_client(), "liuyang", "a-long-secret").location == "/password"

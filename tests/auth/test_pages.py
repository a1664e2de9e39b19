"""Logging in and out as a user would, and what an attacker would try."""

from datetime import timedelta

from sqlalchemy import func, select, update

from portal.auth.models import LoginSession
from portal.extensions import db
from portal.staff.models import Employee
from portal.clock import utcnow
from tests.conftest import login, login_with_csrf

WRONG = "用户名或密码不正确。"


def test_login_lands_on_home_in_chinese(client):
    response = client.post("/login", data={"username": "gm", "password": "changli2004"})
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "您好，张立军" in page and "待办事项" in page


def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    unknown = client.post("/login", data={"username": "nobody", "password": "changli2004"})
    wrong = client.post("/login", data={"username": "gm", "password": "wrong-password"})
    assert unknown.status_code == wrong.status_code == 200
    assert WRONG in unknown.get_data(as_text=True) and WRONG in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still logged out


def test_username_is_case_insensitive(client):
    assert client.post("/login", data={"username": " GM ", "password": "changli2004"}).status_code == 302


def test_empty_form_says_what_is_missing(client):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert "此项必填" in response.get_data(as_text=True)


def test_failed_logins_are_throttled_per_account(client, app):
    for _ in range(app.config["PORTAL_LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"username": "gm", "password": "nope-nope"})
    blocked = client.post("/login", data={"username": "gm", "password": "changli2004"})
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.get_data(as_text=True)
    # Another account from the same address is not affected.
    assert client.post("/login", data={"username": "office", "password": "changli2004"}).status_code == 302


def test_failed_logins_are_throttled_per_address(make_app):
    app = make_app(PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    client = app.test_client()
    for name in ("gm", "deputy", "office"):
        client.post("/login", data={"username": name, "password": "nope-nope"})
    assert client.post("/login", data={"username": "staff", "password": "changli2004"}).status_code == 429
    other_address = app.test_client()
    response = other_address.post("/login", data={"username": "staff", "password": "changli2004"},
                                  environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert response.status_code == 302


def test_throttle_is_shared_by_worker_processes(make_app):
    """Two app instances (as two gunicorn workers) see the same failure count."""
    first, second = make_app(), make_app()
    for _ in range(5):
        first.test_client().post("/login", data={"username": "gm", "password": "nope-nope"})
    assert second.test_client().post("/login", data={"username": "gm", "password": "changli2004"}).status_code == 429


def test_session_is_rotated_on_login(app):
    client = app.test_client()
    login(client, "gm")
    first_cookie = client.get_cookie("session").value
    client.post("/logout")
    login(client, "gm")
    assert client.get_cookie("session").value != first_cookie
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1


def test_logout_invalidates_a_replayed_cookie(app):
    client = app.test_client()
    login(client, "gm")
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_logout_is_post_only(as_user):
    client = as_user("gm")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200  # still logged in


def test_idle_session_expires(app, as_user):
    client = as_user("gm")
    assert client.get("/").status_code == 200
    with app.app_context():
        idle = timedelta(minutes=app.config["PORTAL_IDLE_TIMEOUT_MINUTES"] + 1)
        db.session.execute(update(LoginSession).values(last_seen=utcnow() - idle))
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_expired_session_on_htmx_request_redirects_the_whole_page(client):
    response = client.get("/staff/?q=wang", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"


def test_next_parameter_only_to_this_site(client):
    ok = client.post("/login?next=/staff/departments", data={"username": "gm", "password": "changli2004"})
    assert ok.location == "/staff/departments"
    client.post("/logout")
    evil = client.post("/login?next=//evil.example/", data={"username": "gm", "password": "changli2004"})
    assert evil.location == "/"


def test_anonymous_visit_goes_to_login_and_back(client):
    response = client.get("/staff/departments")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/staff/departments")


def test_deactivated_employee_cannot_log_in_and_is_logged_out(app, as_user):
    client = as_user("staff")
    with app.app_context():
        db.session.execute(update(Employee).where(Employee.username == "staff").values(active=False))
        db.session.commit()
    assert client.get("/").status_code == 302
    response = app.test_client().post("/login", data={"username": "staff", "password": "changli2004"})
    assert response.status_code == 200 and WRONG in response.get_data(as_text=True)


def test_a_fields_hint_and_its_error_are_read_out_with_it(as_user):
    """A screen reader announces what the field's aria-describedby names: the hint under the
    field, and the error once there is one."""
    client = as_user("staff")
    page = client.get("/password").get_data(as_text=True)
    assert 'aria-describedby="new_password-hint"' in page and 'id="new_password-hint"' in page
    weak = client.post("/password", data={"current_password": "changli2004", "new_password": "abc",
                                          "confirm": "abc"}).get_data(as_text=True)
    assert 'aria-describedby="new_password-hint new_password-msg"' in weak
    assert 'id="new_password-msg"' in weak and 'aria-invalid="true"' in weak


def test_change_own_password(app, as_user):
    client = as_user("staff")
    other_device = as_user("staff")
    wrong = client.post("/password", data={"current_password": "bad", "new_password": "heating-2026",
                                           "confirm": "heating-2026"})
    assert "当前密码不正确" in wrong.get_data(as_text=True)
    weak = client.post("/password", data={"current_password": "changli2004", "new_password": "abc",
                                          "confirm": "abc"})
    assert "至少 8 个字符" in weak.get_data(as_text=True)
    for common in ("12345678", "password", "iloveyou", "qwertyuiop", "Password1", "changli2026"):
        refused = client.post("/password", data={"current_password": "changli2004", "new_password": common,
                                                 "confirm": common})
        assert "太容易被猜到" in refused.get_data(as_text=True), common
    ok = client.post("/password", data={"current_password": "changli2004", "new_password": "heating-2026",
                                        "confirm": "heating-2026"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200            # this device stays logged in
    assert other_device.get("/").status_code == 302      # other devices are logged out
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "staff", "password": "changli2004"}).status_code == 200
    login(fresh, "staff", "heating-2026")


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "gm", "password": "changli2004"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_login_with_csrf_token_works(csrf_app):
    assert login_with_csrf(csrf_app.test_client(), "gm").status_code == 302


def test_htmx_post_carries_csrf_in_header(csrf_app):
    client = csrf_app.test_client()
    login_with_csrf(client, "admin")
    home = client.get("/").get_data(as_text=True)
    header_token = home.split('"X-CSRFToken": "')[1].split('"')[0]
    with csrf_app.app_context():
        newcomer = db.session.scalar(select(Employee.id).where(Employee.username == "pangyutong"))
    url = f"/staff/admin/employees/{newcomer}/deactivate"
    without = client.post(url, headers={"HX-Request": "true"})
    assert without.status_code == 400
    with_header = client.post(url,
                              headers={"HX-Request": "true", "X-CSRFToken": header_token})
    assert with_header.status_code == 302

"""Error pages in Chinese without stack traces; security headers on every response."""

import pytest

from portal.web.access import PUBLIC, allow
from tests.conftest import form_csrf_token, login_with_csrf


@pytest.fixture
def boom_app(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @allow(PUBLIC)
    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    return app


def test_unexpected_error_is_a_chinese_page_without_a_trace(boom_app):
    response = boom_app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "出错了" in body and "未保存" in body
    assert "Traceback" not in body and "secret internals" not in body


def test_unexpected_error_on_htmx_goes_to_the_message_area(boom_app):
    response = boom_app.test_client().get("/boom", headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert response.headers["HX-Retarget"] == "#messages"
    assert "<html" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method, url, code, text", [
    ("GET", "/no-such-page", 404, "页面不存在"),
    ("PUT", "/login", 405, "不允许的操作"),
])
def test_http_errors_in_chinese(client, method, url, code, text):
    response = client.open(url, method=method)
    assert response.status_code == code and text in response.get_data(as_text=True)


def test_forbidden_page_in_chinese(as_user):
    response = as_user("staff").get("/staff/admin")
    assert response.status_code == 403 and "无权访问" in response.get_data(as_text=True)


def test_too_large_request_is_413_in_chinese(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"username": "x" * 4096, "password": "y"})
    assert response.status_code == 413 and "文件过大" in response.get_data(as_text=True)


def test_security_headers_on_pages(as_user, client):
    for response in (client.get("/login"), as_user("staff").get("/staff/")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
            assert directive in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_behind_login_are_not_cached(as_user, client):
    assert as_user("staff").get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/portal.css").headers.get("Cache-Control", "")


def test_production_refuses_the_development_secret():
    from portal import create_app
    with pytest.raises(RuntimeError, match="FLASK_SECRET_KEY"):
        create_app({"PORTAL_PRODUCTION": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app({"PORTAL_PRODUCTION": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax" and not app.debug


def test_htmx_is_configured_for_the_strict_policy(client):
    import json
    import re
    page = client.get("/login").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1))
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False   # the CSS below carries them instead
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    assert ".htmx-indicator" in css and ".htmx-request" in css
    assert "<script>" not in page and " style=" not in page   # nothing inline for the CSP to block


def test_csrf_referrer_check_passes_over_https(csrf_app):
    """Referrer-Policy same-origin keeps the Referer that Flask-WTF requires on HTTPS."""
    client = csrf_app.test_client()
    token = form_csrf_token(client, base_url="https://portal.example")
    data = {"username": "gm", "password": "changli2004", "csrf_token": token}
    no_referrer = client.post("/login", data=data, base_url="https://portal.example")
    assert no_referrer.status_code == 400
    same_origin = client.post("/login", data=data, base_url="https://portal.example",
                              headers={"Referer": "https://portal.example/login"})
    assert same_origin.status_code == 302


def test_expired_csrf_on_htmx_asks_to_retry_in_the_message_area(csrf_app):
    client = csrf_app.test_client()
    login_with_csrf(client, "admin")
    response = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": "expired-or-forged"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#messages"
    assert "表单已过期，请刷新页面后重试" in response.get_data(as_text=True)

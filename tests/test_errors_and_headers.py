"""Error pages in Chinese without stack traces; security headers on every response."""

import pytest
from click.testing import CliRunner

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


PRODUCTION = {"PORTAL_PRODUCTION": True, "SECRET_KEY": "k" * 40}


def test_production_answers_carry_strict_transport_security(make_app, client, tmp_path):
    assert "Strict-Transport-Security" not in client.get("/login").headers   # development on plain HTTP
    app = make_app(**PRODUCTION, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    for path in ("/login", "/static/css/portal.css", "/no-such-page"):
        assert app.test_client().get(path).headers["Strict-Transport-Security"] == "max-age=31536000", path


def test_flask_run_refuses_too_while_other_flask_commands_run(make_app, tmp_path, monkeypatch):
    import werkzeug.serving
    from flask.cli import FlaskGroup
    from portal import create_app
    from tests.conftest import BASE_CONFIG

    demo = make_app()          # the demo company: every account has the demo password
    served = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **k: served.append(a))
    config = {**BASE_CONFIG, **PRODUCTION, "PORTAL_CACHE_FOLDER": str(tmp_path),
              "SQLALCHEMY_DATABASE_URI": demo.config["SQLALCHEMY_DATABASE_URI"]}
    cli = FlaskGroup(create_app=lambda: create_app(config))
    result = CliRunner().invoke(cli, ["run", "--no-reload"])
    assert isinstance(result.exception, RuntimeError) and "仍在使用演示密码" in str(result.exception)
    assert served == []
    assert CliRunner().invoke(cli, ["routes"]).exit_code == 0      # an administrator's command still runs


def test_production_refuses_to_start_while_an_account_has_the_demo_password(make_app, tmp_path, monkeypatch):
    """Checked once at startup, each distinct hash once; hashes found not to be the demo
    password are remembered, so a restart checks only what changed."""
    from sqlalchemy import func, select, update
    from portal.auth import passwords
    from portal.extensions import db
    from portal.staff.models import Employee

    checked = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda h, p: checked.append(h) or real_check(h, p))
    config = {**PRODUCTION, "PORTAL_CACHE_FOLDER": str(tmp_path)}
    demo = make_app()
    with demo.app_context():
        accounts = db.session.scalar(select(func.count()).select_from(Employee).where(Employee.password_hash.is_not(None)))
        distinct = db.session.scalar(select(func.count(Employee.password_hash.distinct())))

    with pytest.raises(RuntimeError, match=rf"{accounts} 个账号仍在使用演示密码（admin, ") as refused:
        make_app(**config)
    assert " gm, " in str(refused.value) and f"(+{accounts - 20})" in str(refused.value)  # 20 named, the rest counted
    assert len(checked) == distinct < accounts   # the demo company's rank and file share one hash

    other = passwords.hash_password("a-real-secret-2026")
    with demo.app_context():
        db.session.execute(update(Employee).where(Employee.username != "gm").values(password_hash=other))
        db.session.commit()
    checked.clear()
    with pytest.raises(RuntimeError, match=r"1 个账号仍在使用演示密码（gm）") as refused:
        make_app(**config)
    assert "1 account(s) still have the demo password (gm)" in str(refused.value)
    assert len(checked) == 2

    with demo.app_context():
        db.session.execute(update(Employee).values(password_hash=other))
        db.session.commit()
    checked.clear()
    app = make_app(**config)   # starts
    assert checked == []       # `other` was found not to be the demo password at the last start
    assert app.test_client().get("/login").status_code == 200


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


@pytest.mark.parametrize("url", ["/handbook/%00/history", "/staff/?q=%00", "/public/regulations/a%00b"])
def test_a_nul_character_is_a_bad_request_not_a_database_error(as_user, url):
    """PostgreSQL refuses NUL in any string; the portal answers 400 before a view runs."""
    response = as_user("staff").get(url)
    assert response.status_code == 400 and "无法处理该请求" in response.get_data(as_text=True)


def test_no_template_carries_an_inline_style():
    """The Content-Security-Policy (style-src 'self') blocks style attributes and <style> blocks:
    in a fragment htmx swaps in they log errors and do nothing. Styles live in static/css."""
    import re
    from pathlib import Path
    templates = Path(__file__).resolve().parent.parent / "templates"
    inline = re.compile(r"<style\b|\sstyle\s*=|\.setAttribute\(\s*['\"]style", re.I)
    found = [f"{path.relative_to(templates)}:{source[:m.start()].count(chr(10)) + 1}"
             for path in sorted(templates.rglob("*.html"))
             for source in [path.read_text(encoding="utf-8")] for m in inline.finditer(source)]
    assert len(list(templates.rglob("_*.html"))) > 20 and found == []

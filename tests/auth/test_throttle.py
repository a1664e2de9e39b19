"""The login throttle: it counts real clients behind the trusted proxies, and it counts
atomically — wrong passwords sent at the same moment, against a live threaded server (on
SQLite, and on PostgreSQL when the suite runs there), get no more guesses than allowed."""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select

from portal.auth.models import LoginAttempt, LoginSession
from portal.extensions import db
from portal.staff.demo import DEMO_ACCOUNTS
from tests.conftest import DEMO_PASSWORD, serve

AT_ONCE = 16
RIGHT = {"password": DEMO_PASSWORD}
WRONG = {"password": "not-the-password"}


def _post_login(client, username, password, forwarded_for=None, remote="127.0.0.1"):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": remote}, headers=headers)


def test_behind_a_proxy_each_client_is_throttled_on_its_own(make_app):
    """nginx → gunicorn: every connection comes from 127.0.0.1; one client's wrong passwords
    do not lock the others out."""
    app = make_app(PORTAL_TRUSTED_PROXIES=1, PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    client = app.test_client()
    for name in ("gm", "deputy", "office"):
        _post_login(client, name, "nope-nope", forwarded_for="203.0.113.9")
    assert _post_login(client, "staff", DEMO_PASSWORD, forwarded_for="203.0.113.9").status_code == 429
    colleague = app.test_client()
    assert _post_login(colleague, "staff", DEMO_PASSWORD, forwarded_for="198.51.100.4").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(LoginSession.ip)) == "198.51.100.4"
        assert set(db.session.scalars(select(LoginAttempt.ip))) == {"203.0.113.9", "198.51.100.4"}


def test_only_the_trusted_proxies_entries_are_believed(make_app):
    """With two proxies trusted, the client is the entry the second one added; what the client
    itself put in front of it does not count."""
    app = make_app(PORTAL_TRUSTED_PROXIES=2)
    _post_login(app.test_client(), "gm", DEMO_PASSWORD, forwarded_for="6.6.6.6, 203.0.113.9, 10.0.0.2")
    with app.app_context():
        assert db.session.scalar(select(LoginSession.ip)) == "203.0.113.9"


def test_without_trusted_proxies_forwarded_headers_are_ignored(make_app):
    """By default (0) a client cannot buy more guesses by sending a new X-Forwarded-For each time."""
    app = make_app(PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS=3)
    assert app.config["PORTAL_TRUSTED_PROXIES"] == 0
    client = app.test_client()
    for i, name in enumerate(("gm", "deputy", "office")):
        _post_login(client, name, "nope-nope", forwarded_for=f"10.9.0.{i}", remote="192.0.2.7")
    assert _post_login(client, "staff", DEMO_PASSWORD, forwarded_for="10.9.0.99", remote="192.0.2.7").status_code == 429


def test_trusted_proxies_come_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("FLASK_PORTAL_TRUSTED_PROXIES", "1")
    app = make_app()
    assert app.config["PORTAL_TRUSTED_PROXIES"] == 1
    _post_login(app.test_client(), "gm", DEMO_PASSWORD, forwarded_for="203.0.113.9")
    with app.app_context():
        assert db.session.scalar(select(LoginSession.ip)) == "203.0.113.9"


@pytest.mark.parametrize("value", ["one", -1, 1.5, True])
def test_a_meaningless_proxy_count_is_refused(make_app, value):
    with pytest.raises(RuntimeError, match="PORTAL_TRUSTED_PROXIES"):
        make_app(PORTAL_TRUSTED_PROXIES=value)


# --- at the same moment, against a live server --------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _login_over_http(base: str, username: str, password: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    data = urllib.parse.urlencode({"username": username, "password": password}).encode()
    try:
        with opener.open(urllib.request.Request(base + "/login", data=data, method="POST"), timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def _all_at_once(base: str, logins: list[tuple[str, str]]) -> list[int]:
    barrier = threading.Barrier(len(logins))
    statuses = [None] * len(logins)

    def run(i, username, password):
        barrier.wait()
        statuses[i] = _login_over_http(base, username, password)
    threads = [threading.Thread(target=run, args=(i, *login)) for i, login in enumerate(logins)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return statuses


@pytest.mark.parametrize("target", ["one account", "one address, many accounts"])
def test_passwords_sent_at_once_get_no_more_guesses_than_allowed(make_app, target):
    limit = 5
    if target == "one account":
        app = make_app(PORTAL_LOGIN_MAX_FAILURES_PER_ACCOUNT=limit)
        logins = [("gm", "guess-%02d" % i) for i in range(AT_ONCE - 1)] + [("gm", DEMO_PASSWORD)]
    else:
        app = make_app(PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS=limit)
        names = sorted(DEMO_ACCOUNTS)
        logins = [(names[i % len(names)], "guess-%02d" % i) for i in range(AT_ONCE)]
    with serve(app) as base:
        statuses = _all_at_once(base, logins)
        assert len(statuses) == AT_ONCE and set(statuses) <= {200, 302, 429}, statuses
        checked = [s for s in statuses if s != 429]   # 200 wrong password, 302 logged in
        assert len(checked) <= limit, statuses
        # the limit holds afterwards too (the right password included, unless it got through)
        after = _login_over_http(base, logins[0][0], DEMO_PASSWORD)
        assert after == 429 or 302 in statuses
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(LoginAttempt)) == AT_ONCE + 1

"""Account rules, without HTTP or a database."""

from datetime import datetime, timedelta

import pytest

from portal.auth import rules

T0 = datetime(2026, 11, 26, 8, 0)


@pytest.mark.parametrize("account, address, blocked", [
    (0, 0, False),
    (4, 0, False),
    (5, 0, True),     # the 5th failure closes the account for the window
    (0, 19, False),
    (0, 20, True),    # one address trying many accounts
    (6, 25, True),
])
def test_login_blocked_at_the_limits(account, address, blocked):
    assert rules.login_blocked(account, address, max_per_account=5, max_per_address=20) is blocked


@pytest.mark.parametrize("created, last_seen, now, expired", [
    (T0, T0, T0 + timedelta(minutes=30), False),              # exactly the idle limit
    (T0, T0, T0 + timedelta(minutes=30, seconds=1), True),    # just past it
    (T0, T0 + timedelta(hours=11, minutes=50), T0 + timedelta(hours=12), False),
    (T0, T0 + timedelta(hours=11, minutes=59), T0 + timedelta(hours=12, seconds=1), True),  # absolute lifetime
])
def test_session_expiry(created, last_seen, now, expired):
    assert rules.session_expired(created, last_seen, now, timedelta(minutes=30), timedelta(hours=12)) is expired


@pytest.mark.parametrize("target", [
    "/", "/staff/", "/staff/?q=%E7%8E%8B", "/staff/12", "/leave/inbox?page=2",
])
def test_safe_next_keeps_paths_on_this_site(target):
    assert rules.safe_next(target) == target


@pytest.mark.parametrize("target", [
    None, "", "//evil.example", "/\\evil.example", "\\\\evil.example", "https:evil.example",
    "https://evil.example/", "http://127.0.0.1:5000/", "javascript:alert(1)",
    "%2F%2Fevil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "%252F%252Fevil.example",
    "/%09/evil.example", "/\t/evil.example", "staff/", "ftp://x",
])
def test_safe_next_refuses_everything_that_could_leave(target):
    assert rules.safe_next(target) is None


@pytest.mark.parametrize("password, username, problems", [
    ("changli2004", "gm", []),
    ("short1", "gm", ["too_short"]),
    ("12345678", "gm", []),
    ("aaaaaaaa", "gm", ["too_simple"]),
    ("zhangsan", "zhangsan", ["same_as_username"]),
    ("ZhangSan ", "zhangsan", ["same_as_username"]),
    ("abababab", "x", ["too_simple"]),
])
def test_password_problems(password, username, problems):
    assert rules.password_problems(password, username) == problems

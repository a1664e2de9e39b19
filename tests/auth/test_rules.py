"""Account rules, without HTTP or a database."""

from datetime import datetime, timedelta

import pytest

from portal.auth import rules

T0 = datetime(2026, 11, 26, 8, 0)


@pytest.mark.parametrize("account, address, blocked", [
    (1, 1, False),    # counts include the attempt being decided (recorded before it is counted)
    (5, 5, False),    # the 5th failure is still checked …
    (6, 6, True),     # … and closes the account for the window
    (1, 20, False),
    (1, 21, True),    # one address trying many accounts
    (7, 26, True),
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
    ("heating-2026", "gm", []),
    ("zhaolei-2026", "gm", []),
    ("short1", "gm", ["too_short"]),
    ("aaaaaaaa", "gm", ["too_simple"]),
    ("zhangsan", "zhangsan", ["same_as_username"]),
    ("ZhangSan ", "zhangsan", ["same_as_username"]),
    ("abababab", "x", ["too_simple"]),
    # the passwords people use most, and what the estimator sees through
    ("12345678", "gm", ["too_common"]),
    ("password", "gm", ["too_common"]),
    ("iloveyou", "gm", ["too_common"]),
    ("qwertyuiop", "gm", ["too_common"]),
    ("Password1", "gm", ["too_common"]),
    ("P@ssw0rd", "gm", ["too_common"]),
    ("1qaz2wsx", "gm", ["too_common"]),
    ("a1b2c3d4", "gm", ["too_common"]),
    ("woaini1314", "gm", ["too_common"]),
    ("zhangwei88", "zhangwei", ["too_common"]),   # the username with a little added
    ("Password1" * 22, "gm", ["too_common"]),   # long input (beyond the estimator's 72) is judged by its start
    (("warm radiators in winter " * 9)[:200], "gm", []),
])
def test_password_problems(password, username, problems):
    assert rules.password_problems(password, username) == problems


def test_known_words_count_as_easy_to_guess():
    assert rules.password_problems("changli2004", "gm") == []
    assert rules.password_problems("changli2004", "gm", known_words=["changli2004"]) == ["too_common"]

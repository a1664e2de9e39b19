"""Account rules as pure functions: throttling, session expiry, safe redirects, passwords."""

from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit

MIN_PASSWORD_LENGTH = 8


def login_blocked(account_failures: int, address_failures: int,
                  max_per_account: int, max_per_address: int) -> bool:
    """Failed logins inside the window: at the limit, further tries are refused."""
    return account_failures >= max_per_account or address_failures >= max_per_address


def session_expired(created_at: datetime, last_seen: datetime, now: datetime,
                    idle: timedelta, lifetime: timedelta) -> bool:
    return now - last_seen > idle or now - created_at > lifetime


def safe_next(target: str | None) -> str | None:
    """A path on this site to go to after login, or None for anything that could leave it."""
    if not target:
        return None
    decoded = target
    for _ in range(3):  # %2F%2Fevil and double encodings
        decoded = unquote(decoded)
    for candidate in (target, decoded):
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
            return None
        if "\\" in candidate or any(ord(c) < 32 for c in candidate):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return target


def password_problems(password: str, username: str) -> list[str]:
    """Message ids for what is wrong with a new password (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("too_short")
    if password.strip().lower() == username.strip().lower():
        problems.append("same_as_username")
    if password and len(set(password)) < 3:
        problems.append("too_simple")
    return problems

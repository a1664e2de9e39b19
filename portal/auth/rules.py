"""Account rules as pure functions: throttling, session expiry, safe redirects, passwords."""

from datetime import datetime, timedelta
from typing import Iterable
from urllib.parse import unquote, urlsplit

from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 8
# zxcvbn's score (an estimate of the guesses needed): 0-1 fall within a million guesses (the
# top lists, keyboard walks, a word and a digit), 2 within a hundred million; from 3 on a
# password is accepted.
MIN_PASSWORD_SCORE = 3
_ESTIMATED_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide


def login_blocked(account_guesses: int, address_guesses: int,
                  max_per_account: int, max_per_address: int) -> bool:
    """Failed logins inside the window, counting the attempt being decided (it is recorded
    before it is counted): one beyond the limit is refused without checking the password."""
    return account_guesses > max_per_account or address_guesses > max_per_address


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


def password_problems(password: str, username: str, known_words: Iterable[str] = ()) -> list[str]:
    """Message ids for what is wrong with a new password (empty when it is acceptable).
    `known_words` (the username, the demo password, …) count as easy to guess, like the
    common passwords, names and patterns the strength estimator knows."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("too_short")
    if password.strip().lower() == username.strip().lower():
        problems.append("same_as_username")
    if password and len(set(password)) < 3:
        problems.append("too_simple")
    if not problems and too_guessable(password, [username, *known_words]):
        problems.append("too_common")
    return problems


def too_guessable(password: str, known_words: Iterable[str] = ()) -> bool:
    estimate = zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=[w for w in known_words if w])
    return estimate["score"] < MIN_PASSWORD_SCORE

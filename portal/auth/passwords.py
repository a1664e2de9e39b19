"""Password hashing (scrypt), the messages for the password rules, and finding the accounts
that still have a given password (the demo one) without checking any hash twice."""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from . import rules

# The password of every account `flask seed-demo` makes (published in the README): refused
# as anybody's new password, and refused in production (see portal.auth.production).
DEMO_PASSWORD = "changli2004"
# Easy to guess here, whatever the estimator knows: the demo password, the county (昌黎), 热力.
KNOWN_WORDS = (DEMO_PASSWORD, "changli", "reli")

PROBLEM_MESSAGES = {
    "too_short": _l("At least %(n)d characters.", n=rules.MIN_PASSWORD_LENGTH),
    "same_as_username": _l("Must not be the same as the username."),
    "too_simple": _l("Too simple: use at least three different characters."),
    "too_common": _l("Too easy to guess: this is one of the passwords people use most, or a name, a word, a date "
                     "or a keyboard pattern with little added. Choose a longer one, for example a few words "
                     "that only you would put together."),
}

# Compared against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(password_hash, password)


def problems(password: str, username: str) -> list:
    return [PROBLEM_MESSAGES[p] for p in rules.password_problems(password, username, known_words=KNOWN_WORDS)]


def digest(password: str, password_hash: str) -> str:
    """A hash's fingerprint for remembering that it was found not to be `password`."""
    return hashlib.sha256(f"{password}\n{password_hash}".encode()).hexdigest()


def holders(password: str, accounts: Iterable[tuple[str, str]], known_not: set[str],
            remember: Callable[[str], None] = lambda digest: None, threads: int = 2) -> list[str]:
    """The usernames among (username, hash) whose hash is of `password`. scrypt costs ~0.1 s
    a hash on purpose, so each distinct hash is checked once (the demo company shares one
    among its rank and file), hashes whose digest is in `known_not` not at all, and the rest
    on `threads` threads (hashlib releases the GIL); `remember(digest)` is called as soon as
    a hash is found not to be `password`."""
    by_hash: dict[str, list[str]] = {}
    for username, password_hash in accounts:
        if password_hash:
            by_hash.setdefault(password_hash, []).append(username)
    unknown = [h for h in by_hash if digest(password, h) not in known_not]
    found = []
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for password_hash, match in zip(unknown, pool.map(lambda h: check_password_hash(h, password), unknown)):
            if match:
                found.extend(by_hash[password_hash])
            else:
                remember(digest(password, password_hash))
    return sorted(found)

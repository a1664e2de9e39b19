"""Password hashing (scrypt) and the messages for the password rules."""

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from . import rules

PROBLEM_MESSAGES = {
    "too_short": _l("At least %(n)d characters.", n=rules.MIN_PASSWORD_LENGTH),
    "same_as_username": _l("Must not be the same as the username."),
    "too_simple": _l("Too simple: use at least three different characters."),
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
    return [PROBLEM_MESSAGES[p] for p in rules.password_problems(password, username)]

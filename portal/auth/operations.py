"""What changes accounts: login attempts and passwords. Sessions themselves live in
`sessions.py` (started, touched and ended with each request)."""

from sqlalchemy import update

from ..extensions import db
from ..staff.models import Employee
from . import passwords, sessions
from .models import LoginAttempt


def record_attempt(username: str, ip: str) -> int:
    """A login attempt, recorded as failed and committed before the throttle counts (so that
    attempts sent at the same moment all see each other); `succeeded` marks it afterwards."""
    attempt = LoginAttempt(username=username[:40], ip=ip[:45], succeeded=False)
    db.session.add(attempt)
    db.session.commit()
    return attempt.id


def succeeded(attempt_id: int) -> None:
    db.session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))
    db.session.commit()


def change_password(user: Employee, new_password: str) -> None:
    """The user's own new password: other devices must log in again, this one gets a fresh
    session; a password an administrator set no longer has to be changed."""
    user.password_hash = passwords.hash_password(new_password)
    user.password_must_change = False
    sessions.end_all(user.id)
    db.session.commit()
    sessions.start(user)

"""What changes accounts: login attempts and passwords. Sessions themselves live in
`sessions.py` (started, touched and ended with each request)."""

from ..extensions import db
from ..staff.models import Employee
from . import passwords, sessions
from .models import LoginAttempt


def record_attempt(username: str, ip: str, succeeded: bool) -> None:
    db.session.add(LoginAttempt(username=username[:40], ip=ip[:45], succeeded=succeeded))
    db.session.commit()


def change_password(user: Employee, new_password: str) -> None:
    """The user's own new password: other devices must log in again, this one gets a fresh session."""
    user.password_hash = passwords.hash_password(new_password)
    sessions.end_all(user.id)
    db.session.commit()
    sessions.start(user)

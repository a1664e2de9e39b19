"""Loading what logging in needs: the account by username and the recent failed attempts."""

from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..staff.models import Employee
from .models import LoginAttempt


def account(username: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.username == username))


def recent_failures(username: str, ip: str, since: datetime) -> tuple[int, int]:
    """Failed attempts since `since`: on this account after its last success, and from this address."""
    last_success = (select(func.max(LoginAttempt.at))
                    .where(LoginAttempt.username == username, LoginAttempt.succeeded)
                    .scalar_subquery())
    failed = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, ~LoginAttempt.succeeded)
    by_account = db.session.scalar(failed.where(
        LoginAttempt.username == username,
        LoginAttempt.at > func.coalesce(last_success, since)))
    by_address = db.session.scalar(failed.where(LoginAttempt.ip == ip))
    return by_account or 0, by_address or 0

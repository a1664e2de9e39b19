"""Loading what logging in needs: the account by username and the recent failed attempts."""

from datetime import datetime

from sqlalchemy import func, inspect, select

from ..extensions import db
from ..staff.models import Employee
from .models import LoginAttempt


def account(username: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.username == username))


def recent_failures(username: str, ip: str, since: datetime) -> tuple[int, int]:
    """Failed attempts since `since`: on this account after its last success, and from this
    address. Attempts are recorded as failed before they are decided (operations.record_attempt),
    so the count includes the caller's own attempt and every concurrent one already committed.
    All of them are counted, not only those up to the caller's id: on PostgreSQL ids come from
    a sequence and are not in commit order, so a smaller id may still be uncommitted."""
    last_success = (select(func.max(LoginAttempt.id))
                    .where(LoginAttempt.username == username, LoginAttempt.succeeded)
                    .scalar_subquery())
    failed = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, ~LoginAttempt.succeeded)
    by_account = db.session.scalar(failed.where(
        LoginAttempt.username == username, LoginAttempt.id > func.coalesce(last_success, 0)))
    by_address = db.session.scalar(failed.where(LoginAttempt.ip == ip))
    return by_account or 0, by_address or 0


def password_hashes() -> list[tuple[str, str]]:
    """(username, password hash) of every account that has a password; none before the schema exists."""
    if not inspect(db.engine).has_table(Employee.__tablename__):
        return []
    return [tuple(row) for row in db.session.execute(
        select(Employee.username, Employee.password_hash).where(Employee.password_hash.is_not(None)))]

"""Server-side login sessions for Flask-Login: create, load (with idle timeout), end."""

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..staff.models import Employee, Post
from ..clock import utcnow
from ..web.htmx import is_htmx
from . import rules
from .models import LoginSession

AUTHENTICATED_AT = "authenticated_at"   # when the password was last given, in the session
TOUCH_EVERY = timedelta(minutes=1)  # don't write last_seen on every request


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the token itself is rotated on every login
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)


def _unauthorized():
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        # A login form inside a fragment would be confusing: send the whole page there.
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = url_for("auth.login")
        return response
    return redirect(target)


def load_user(token: str) -> Employee | None:
    row = db.session.execute(
        select(LoginSession)
        .options(joinedload(LoginSession.employee).joinedload(Employee.department),
                 joinedload(LoginSession.employee).joinedload(Employee.post).joinedload(Post.substitute))
        .where(LoginSession.token_hash == _hash(token))
    ).scalar_one_or_none()
    if row is None or not row.employee.active:
        return None
    now = utcnow()
    idle = timedelta(minutes=current_app.config["PORTAL_IDLE_TIMEOUT_MINUTES"])
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if rules.session_expired(row.created_at, row.last_seen, now, idle, lifetime):
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen > TOUCH_EVERY:
        row.last_seen = now
        db.session.commit()
    row.employee.session_token = token
    return row.employee


def start(employee: Employee) -> None:
    """Log in: a fresh session (rotated), a new token stored server-side."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(
        token_hash=_hash(token), employee=employee,
        ip=request.remote_addr or "", user_agent=(request.user_agent.string or "")[:200],
    ))
    db.session.commit()
    employee.session_token = token
    session.permanent = True
    session[AUTHENTICATED_AT] = utcnow().isoformat()  # changes of authority ask again after 15 minutes
    login_user(employee)


def end(employee: Employee) -> None:
    if employee.session_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(employee.session_token)))
        db.session.commit()
    logout_user()
    session.clear()


def end_all(employee_id: int) -> None:
    """Used when a password is reset or an account deactivated."""
    db.session.execute(delete(LoginSession).where(LoginSession.employee_id == employee_id))

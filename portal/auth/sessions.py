"""Server-side login sessions for Flask-Login: create, load (with idle timeout), end.

Background polling (the approval badge, the absence board) sends the `X-Portal-Poll` header
(`hx-headers` on the polling element): such a request is not the user's activity, so it
does not move `last_seen`, and an unattended tab reaches the idle timeout. The cookie carries
only the token and is sent again only when the session changes (SESSION_REFRESH_EACH_REQUEST is
off). When a session has ended, the next request (polling or not) sends the whole page to the
login form, which says so and comes back to the page afterwards."""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.orm import joinedload

from .. import derived_cache
from ..extensions import db, login_manager
from ..prepared import prepared
from ..staff.models import Employee, Post
from ..clock import utcnow
from ..web.htmx import is_htmx
from . import rules
from .models import LoginSession

AUTHENTICATED_AT = "authenticated_at"   # when the password was last given, in the session
TOUCH_EVERY = timedelta(minutes=1)  # don't write last_seen on every request
POLL_HEADER = "X-Portal-Poll"
# What a user whose password an administrator set may open before changing it.
WHILE_PASSWORD_MUST_CHANGE = {"auth.change_password", "auth.logout", "auth.set_locale", "static"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_polling() -> bool:
    """A background refresh, not something the user did (the one place that decides)."""
    return request.headers.get(POLL_HEADER) == "1"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the token itself is rotated on every login
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(_password_must_change)


def _page_url() -> str | None:
    """For an htmx request, the page it was made from (HX-Current-URL), as a path on this site."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if current.netloc and current.netloc != request.host:
        return None
    return rules.safe_next(urlunsplit(("", "", current.path, current.query, "")))


def _unauthorized():
    if g.pop("portal_session_ended", False):
        flash(_("Your session has timed out. Please log in again."), "info")
        session.pop("_user_id", None)
    if is_htmx():
        # A login form inside a fragment would be confusing: send the whole page there, and
        # back to that page after logging in.
        here = _page_url()
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=here) if here else url_for("auth.login")
    else:
        response = redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    response.vary.add("HX-Request")
    return response


def _password_must_change():
    """A password set by an administrator is changed before anything else is used."""
    if (request.endpoint is None or request.endpoint in WHILE_PASSWORD_MUST_CHANGE
            or not current_user.is_authenticated or not current_user.password_must_change):
        return None
    if is_polling():
        return current_app.response_class(status=204)
    if is_htmx():
        response = current_app.response_class(status=204)
        response.headers["HX-Redirect"] = url_for("auth.change_password", next=_page_url())
    else:
        here = request.full_path.rstrip("?") if request.method == "GET" else None
        response = redirect(url_for("auth.change_password", next=rules.safe_next(here)))
    response.vary.add("HX-Request")
    return response


@prepared
def _session_with_its_person() -> Select:
    """Every request's first statement: the session, its person, their department and post."""
    return (select(LoginSession)
            .options(joinedload(LoginSession.employee).joinedload(Employee.department),
                     joinedload(LoginSession.employee).joinedload(Employee.post).joinedload(Post.substitute))
            .where(LoginSession.token_hash == bindparam("token_hash")))


def load_user(token: str) -> Employee | None:
    row = db.session.execute(_session_with_its_person(), {"token_hash": _hash(token)}).scalar_one_or_none()
    if row is None or not row.employee.active:
        g.portal_session_ended = True
        return None
    now = utcnow()
    idle = timedelta(minutes=current_app.config["PORTAL_IDLE_TIMEOUT_MINUTES"])
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if rules.session_expired(row.created_at, row.last_seen, now, idle, lifetime):
        db.session.delete(row)
        db.session.commit()
        g.portal_session_ended = True
        return None
    if now - row.last_seen > TOUCH_EVERY and not is_polling():
        row.last_seen = now
        with derived_cache.unchanged():
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

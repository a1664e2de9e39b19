from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from ..clock import utcnow
from ..web.access import LOGGED_IN, PUBLIC, allow, declare
from ..web.i18n import LANG_COOKIE
from . import operations, passwords, queries, rules, sessions
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)
declare(bp, PUBLIC)


def _recent_failures(username: str, ip: str) -> tuple[int, int]:
    since = utcnow() - timedelta(minutes=current_app.config["PORTAL_LOGIN_WINDOW_MINUTES"])
    return queries.recent_failures(username, ip, since)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        ip = request.remote_addr or ""  # the real client behind trusted proxies (PORTAL_TRUSTED_PROXIES)
        cfg = current_app.config
        # Recorded (and committed) first, counted after: of attempts sent at the same moment,
        # whichever counts last sees every one let through before it, so no more than the
        # limit ever reach the password check (see queries.recent_failures).
        attempt = operations.record_attempt(username, ip)
        if rules.login_blocked(*_recent_failures(username, ip),
                               cfg["PORTAL_LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                               cfg["PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS"]):
            flash(_("Too many failed attempts. Please wait %(n)d minutes and try again.",
                    n=cfg["PORTAL_LOGIN_WINDOW_MINUTES"]), "error")
            return render_template("auth/login.html", form=form), 429
        employee = queries.account(username)
        ok = passwords.verify(employee.password_hash if employee else None, form.password.data)
        ok = ok and employee.active
        if ok:
            operations.succeeded(attempt)
            sessions.start(employee)
            target = rules.safe_next(request.args.get("next"))
            if employee.password_must_change:
                return redirect(url_for("auth.change_password", next=target))
            return redirect(target or url_for("home.index"))
        flash(_("Wrong username or password."), "error")
        status = 200
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@allow(LOGGED_IN)
def logout():
    sessions.end(current_user._get_current_object())
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@allow(LOGGED_IN)
def change_password():
    """Also where a user whose password an administrator set is kept until they choose their own."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if not passwords.verify(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append(_("The new password must differ from the current one."))
        else:
            problems = passwords.problems(form.new_password.data, user.username)
            if problems:
                form.new_password.errors.extend(problems)
            else:
                operations.change_password(user, form.new_password.data)
                flash(_("Your password has been changed."), "success")
                return redirect(rules.safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/password.html", form=form, must_change=user.password_must_change)


def _same_site_referrer() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return rules.safe_next(urlunsplit(("", "", referrer.path, referrer.query, "")))


@bp.post("/locale")
def set_locale():
    wanted = request.form.get("lang", "")
    # The Referer follows URLs that htmx pushed after the page was rendered; the hidden
    # field is the fallback when a browser sends no Referer.
    target = (_same_site_referrer() or rules.safe_next(request.form.get("next"))
              or url_for("home.index"))
    response = redirect(target)
    if wanted in current_app.config["PORTAL_LOCALES"]:
        response.set_cookie(LANG_COOKIE, wanted, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response

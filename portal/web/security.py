"""Response headers on every page."""

from flask import Flask, abort, current_app, request
from flask_login import current_user

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
# Production is served over HTTPS only: browsers that have seen it once refuse plain HTTP for a year.
HSTS = "max-age=31536000"


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # same-origin keeps the Referer on our own requests (Flask-WTF checks it over HTTPS).
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_app.config.get("PORTAL_PRODUCTION"):
        response.headers["Strict-Transport-Security"] = HSTS
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_nul():
    """A NUL character is never meaningful in a path, a query or a form, and PostgreSQL
    refuses it in any string: such a request is answered 400 before it reaches a view."""
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()) or (
            request.method == "POST" and any("\x00" in v for v in request.form.values())):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul)
    app.after_request(_headers)

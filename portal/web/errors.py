"""Error pages in the user's language, without stack traces."""

from flask import Flask, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from .htmx import is_htmx

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("No access"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    413: (_l("File too large"), _l("The uploaded file is larger than allowed.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("The server hit a problem. Nothing you entered was saved; please try again. If it keeps happening, tell the office.")),
}
CSRF_MESSAGE = _l("This form has expired. Please reload the page and try again.")


def _render(code: int, message=None):
    """A fragment for htmx, a page otherwise: the answer differs by HX-Request, and says so
    (Vary), so that no cache hands one to the other."""
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if is_htmx():
        # Show the message in the page's message area, not inside whatever was the target.
        body = render_template("errors/_error.html", title=title, message=message or default)
        response = make_response(body, code, {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
    else:
        response = make_response(render_template("errors/error.html", code=code, title=title,
                                                 message=message or default), code)
    response.vary.add("HX-Request")
    return response


def handle_http(error: HTTPException):
    return _render(error.code or 500)


def handle_csrf(error: CSRFError):
    return _render(400, CSRF_MESSAGE)


def handle_unexpected(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return _render(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)

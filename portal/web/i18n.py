"""Language and time zone: Simplified Chinese and Asia/Shanghai unless the user picks English."""

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask.globals import _cv_app
from flask_babel import get_translations

from ..extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    """zh_CN unless the user chose English. Babel names zh_CN by its script, zh_Hans_CN,
    which is why the catalogue lives in translations/zh_Hans_CN."""
    wanted = request.cookies.get(LANG_COOKIE) if has_request_context() else None
    if wanted in current_app.config["PORTAL_LOCALES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["PORTAL_TIMEZONE"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).parent.parent / "translations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    # A page asks for a few hundred strings; Flask-Babel finds the request, its locale and the
    # catalogue again for each. Templates ask the request's catalogue, found once per locale.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)


def _translations():
    """The catalogue for the current locale, as Flask-Babel's (`force_locale` included: Flask-Babel
    keeps the locale in `g._flask_babel`), found once per locale and application context."""
    context = _cv_app.get(None)
    babel_state = context.g.__dict__.get("_flask_babel") if context is not None else None
    locale = getattr(babel_state, "babel_locale", None)
    if locale is None:                      # outside an application context, or no locale chosen yet
        return get_translations()
    found = getattr(babel_state, "portal_translations", None)
    if found is None or found[0] is not locale:
        found = babel_state.portal_translations = (locale, get_translations())
    return found[1]

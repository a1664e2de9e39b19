"""Language and time zone: Simplified Chinese and Asia/Shanghai unless the user picks English."""

from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask.globals import _cv_app
from babel import support
from jinja2 import pass_eval_context
from markupsafe import Markup
from flask_babel import Domain, get_locale
from wtforms.i18n import messages_path

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
    # A page asks for a few hundred strings; Flask-Babel finds the request's locale and the
    # catalogue again for each. The domain below finds it once per locale and request, and the
    # templates ask it directly.
    babel.domain_instance = CataloguePerLocale()
    translations = babel.domain_instance.get_translations
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    # Jinja's `_` reaches the catalogue through three calls of its own (`_` -> gettext -> the
    # function above), about 7 µs a string: a decision row asks for a dozen. `_` and `gettext`
    # go straight to it, with the same result: escaped, then formatted.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _template_gettext(translations)


def _template_gettext(translations):
    @pass_eval_context
    def gettext(eval_context, string: str, **variables):
        text = translations().ugettext(string)
        if eval_context.autoescape:
            text = Markup(text)
        return text % variables if variables or "%" in text else text
    return gettext


class CataloguePerLocale(Domain):
    """Flask-Babel's message domain, keeping the catalogue found for the current locale in the
    application context (where Flask-Babel keeps the locale: `g._flask_babel`; `force_locale`
    changes it and so the catalogue)."""

    def get_translations(self):
        context = _cv_app.get(None)
        state = context.g.__dict__.get("_flask_babel") if context is not None else None
        locale = getattr(state, "babel_locale", None)
        if locale is None:                  # outside an application context, or no locale chosen yet
            return super().get_translations()
        found = getattr(state, "portal_translations", None)
        if found is None or found[0] is not locale:
            found = state.portal_translations = (locale, super().get_translations())
        return found[1]


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class WtformsMessages:
    """WTForms' own messages ("不是有效的小数") in the request's language. Flask-WTF reads their
    catalogue from disk on every request that makes a form; it does not change while the
    portal runs, so it is read once per language."""

    def gettext(self, string):
        return _wtforms_catalogue(str(get_locale())).ugettext(string)

    def ngettext(self, singular, plural, n):
        return _wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


WTFORMS_MESSAGES = WtformsMessages()

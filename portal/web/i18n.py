"""Language and time zone: Simplified Chinese and Asia/Shanghai unless the user picks English."""

from pathlib import Path

from flask import Flask, current_app, has_request_context, request

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

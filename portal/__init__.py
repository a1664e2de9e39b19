"""昌黎县热力供应公司 intranet portal."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import DEMO_SERVICE_HOTLINE, DEV_SECRET_KEY, Defaults
from .web.jinja_environment import PortalEnvironment


def create_app(test_config: dict | None = None) -> Flask:
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or str(root / "instance"),
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    app.jinja_environment = PortalEnvironment  # before anything creates app.jinja_env
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    _configure_database_uri(app)
    _service_hotline(app)
    _check_production(app)
    _trust_proxies(app)

    from . import cli, extensions, models  # noqa: F401  (models: the whole schema)
    from .web import access, errors, htmx, security, templating, i18n
    from .auth import sessions

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(Path(__file__).parent / "migrations"))
    extensions.csrf.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app)
    access.init_app(app)
    security.init_app(app)
    htmx.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)

    from . import areas
    areas.register(app)
    access.protect_static(app)
    if app.config.get("PORTAL_PRODUCTION"):
        from .auth import production
        production.refuse_demo_passwords(app)  # needs the database, so after the set-up
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind nginx → gunicorn every connection comes from 127.0.0.1: with PORTAL_TRUSTED_PROXIES
    = n, the client's address (and scheme) is taken from what the n proxies in front added to
    X-Forwarded-For (and X-Forwarded-Proto), so the login throttle counts real clients."""
    value = app.config.get("PORTAL_TRUSTED_PROXIES") or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuntimeError("PORTAL_TRUSTED_PROXIES 必须是 0 或正整数（反向代理的层数）。"
                           f" PORTAL_TRUSTED_PROXIES must be a whole number ≥ 0 (got {value!r}).")
    if value:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=value, x_proto=value)


def _configure_database_uri(app: Flask) -> None:
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not uri:
        os.makedirs(app.instance_path, exist_ok=True)
        uri = "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)


def normalise_database_url(uri: str) -> str:
    """postgres:// and postgresql:// name the old driver by default; the portal uses psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix):]
    return uri


def _service_hotline(app: Flask) -> None:
    """SERVICE_HOTLINE as text ("" for none): FLASK_SERVICE_HOTLINE=12345 arrives parsed as a number."""
    value = app.config.get("SERVICE_HOTLINE")
    if value is None:
        value = "" if app.config.get("PORTAL_PRODUCTION") else DEMO_SERVICE_HOTLINE
    app.config["SERVICE_HOTLINE"] = str(value).strip()


def _check_production(app: Flask) -> None:
    """The settings production needs; the accounts are checked once the database is set up
    (auth.production: no account may keep the demo password)."""
    if not app.config.get("PORTAL_PRODUCTION"):
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "生产环境必须设置 FLASK_SECRET_KEY（至少 32 个字符的随机串）。"
            " Production needs a real FLASK_SECRET_KEY (32+ random characters)."
        )
    app.config.update(SESSION_COOKIE_SECURE=True, DEBUG=False)

"""Fixtures: a demo company built once per test session, copied fresh for every test.

SQLite by default. With PORTAL_TEST_POSTGRES_URL set (a server URL whose user may create
databases), the same tests run on PostgreSQL: the demo company goes into a template
database and each test gets its own copy (CREATE DATABASE … TEMPLATE …).
"""

import os
import sqlite3
import tempfile
import threading
import uuid
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from portal import clock, create_app, normalise_database_url
from portal.cli import DEMO_PASSWORD, seed_demo
from portal.extensions import db

POSTGRES_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL")
# The portal's clock during the tests: local time in Asia/Shanghai, or with a zone. The suite
# passes on any instant; `make test` runs it once at this default and once in January of a
# year the statutory calendar package does not know yet.
TEST_NOW = os.environ.get("PORTAL_TEST_NOW") or "2026-11-25T10:00"
TEMPLATE_DB = f"portal_test_template_{os.getpid()}"  # one per run: runs side by side do not collide

BASE_CONFIG = {
    "TESTING": True,
    # PDFs are cached by a hash of their content, so tests may share the cache safely.
    "PORTAL_CACHE_FOLDER": tempfile.mkdtemp(prefix="portal-test-cache-"),
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS": 1000,
}


def _pg_url(database: str) -> str:
    parts = urlsplit(normalise_database_url(POSTGRES_URL))
    return urlunsplit(parts._replace(path="/" + database))


def _pg_admin(sql: str) -> None:
    engine = create_engine(_pg_url("postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _build_demo(uri: str) -> None:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        upgrade()
        app.test_cli_runner().invoke(seed_demo, catch_exceptions=False)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def frozen_clock():
    """Every test (and the demo company they share) runs on the clock set to TEST_NOW,
    never on the machine's date."""
    with clock.travel_to(clock.parse_instant(TEST_NOW)):
        yield clock.utcnow()


@pytest.fixture
def travel():
    """travel("2027-01-04T09:00") moves the portal's clock (local time) for the rest of the test."""
    with ExitStack() as stack:
        yield lambda when: stack.enter_context(clock.travel_to(clock.parse_instant(when)))


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """Where the pristine demo company lives (a file path, or a template database name)."""
    if POSTGRES_URL:
        _pg_admin(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {TEMPLATE_DB}")
        _build_demo(_pg_url(TEMPLATE_DB))
        yield TEMPLATE_DB
        _pg_admin(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)")
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        _build_demo(f"sqlite:///{path}")
        yield path


@contextmanager
def fresh_copy(demo_database, directory):
    """A database URI holding a fresh copy of the demo company, dropped afterwards."""
    if POSTGRES_URL:
        name = f"portal_test_{uuid.uuid4().hex[:12]}"
        _pg_admin(f"CREATE DATABASE {name} TEMPLATE {demo_database}")
        try:
            yield _pg_url(name)
        finally:
            _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        path = directory / f"portal-{uuid.uuid4().hex[:8]}.sqlite3"
        with sqlite3.connect(demo_database) as source, sqlite3.connect(path) as target:
            source.backup(target)  # a consistent copy, WAL included
        yield f"sqlite:///{path}"


@pytest.fixture
def database_uri(demo_database, tmp_path):
    with fresh_copy(demo_database, tmp_path) as uri:
        yield uri


@pytest.fixture
def make_app(database_uri, tmp_path):
    apps = []

    def make(**config):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_uri,
                          "PORTAL_UPLOAD_FOLDER": str(tmp_path / "uploads"), **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def csrf_app(make_app):
    """CSRF switched on, as in production."""
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def client(app):
    return app.test_client()


def form_csrf_token(client, path: str = "/login", **kwargs) -> str:
    """The CSRF token of the form on a page, as a browser would read it."""
    page = client.get(path, **kwargs).get_data(as_text=True)
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def login_with_csrf(client, username: str, password: str = DEMO_PASSWORD):
    token = form_csrf_token(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def login(client, username: str, password: str = DEMO_PASSWORD):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, f"login as {username} failed"
    return response


@pytest.fixture
def as_user(app):
    """as_user("gm") -> a test client logged in as that demo account."""
    def make(username: str):
        c = app.test_client()
        login(c, username)
        return c
    return make


@contextmanager
def serve(app):
    """Serve `app` on a free port of 127.0.0.1 in a thread, one thread per request (as
    gunicorn's threads would): yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()

"""What production refuses about accounts: the portal does not start while any account still
has the demo password (`flask seed-demo` itself refuses to run in production, see portal.cli)."""

import os
from pathlib import Path

import click
from flask import Flask

from ..extensions import db
from . import passwords, queries

CHECKED_FILE = "demo-password-checked.txt"  # digests of hashes known not to be the demo password
SHOWN = 20  # accounts named in the message; the rest are counted


def refuse_demo_passwords(app: Flask) -> None:
    """At startup, once per process (gunicorn --preload: once in the master). Each distinct
    hash is checked once and remembered in the cache folder when it is not the demo password,
    so a restart checks only hashes set since. `flask …` commands are not refused, so that
    init-db, create-user or backup still run — except `flask run`, which serves the portal."""
    command = click.get_current_context(silent=True)
    if not app.config.get("PORTAL_PRODUCTION") or (command is not None and command.info_name != "run"):
        return
    checked = _checked_file(app)
    with app.app_context():
        try:
            accounts = queries.password_hashes()
        finally:
            db.session.remove()
            db.engine.dispose()  # no connection of this check is inherited by forked workers
    known_not = set(checked.read_text().split()) if checked.exists() else set()
    with _appender(checked) as remember:
        found = passwords.holders(passwords.DEMO_PASSWORD, accounts, known_not, remember,
                                  threads=os.cpu_count() or 1)
    if found:
        names = ", ".join(found[:SHOWN]) + (f" … (+{len(found) - SHOWN})" if len(found) > SHOWN else "")
        raise RuntimeError(
            f"生产环境拒绝启动：{len(found)} 个账号仍在使用演示密码（{names}）。"
            "演示数据库不能用于生产：请用 flask --app app init-db 在空数据库上开始；确需保留这些账号时，"
            "先不设 FLASK_PORTAL_PRODUCTION、只在本机（127.0.0.1）启动，由管理员重置其密码或停用。"
            f" Production refuses to start: {len(found)} account(s) still have the demo password ({names}). "
            "A demo database is not for production: start from an empty one (init-db), or start the portal "
            "without FLASK_PORTAL_PRODUCTION on 127.0.0.1 only and have an administrator reset or deactivate them.")


def _checked_file(app: Flask) -> Path:
    folder = app.config.get("PORTAL_CACHE_FOLDER") or os.path.join(app.instance_path, "cache")
    return Path(folder) / CHECKED_FILE


class _appender:
    """remember(digest) appends a line as soon as a hash is known (progress survives a worker
    killed mid-check); a cache folder that cannot be written only costs time at the next start."""

    def __init__(self, path: Path):
        self.path, self.file = path, None

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = open(self.path, "a", encoding="ascii")
        except OSError:
            self.file = None
        return self.remember

    def remember(self, digest: str) -> None:
        if self.file is not None:
            self.file.write(digest + "\n")
            self.file.flush()

    def __exit__(self, *exc):
        if self.file is not None:
            self.file.close()

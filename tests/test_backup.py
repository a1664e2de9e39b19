"""Backups of the SQLite database while the portal writes, and restoring them."""

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from portal.auth.models import LoginAttempt
from portal.backup import backup, restore
from portal.extensions import db
from portal.staff.models import Employee


@pytest.fixture
def sqlite_app(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("flask backup covers SQLite; PostgreSQL uses pg_dump")
    return app


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_backup_under_concurrent_writes_then_restore(sqlite_app, tmp_path):
    app = sqlite_app
    uploads = Path(app.config["PORTAL_UPLOAD_FOLDER"])
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "proof.pdf").write_bytes(b"%PDF-1.4 demo")
    with app.app_context():
        live = Path(db.engine.url.database)
    stop = threading.Event()
    written = []

    def writer():
        with app.app_context():
            while not stop.is_set():
                db.session.add(LoginAttempt(username="load", ip="127.0.0.1"))
                db.session.commit()
                written.append(1)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            pass
        before = len(written)
        result = app.test_cli_runner().invoke(backup, [str(tmp_path / "b1")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    copy = tmp_path / "b1" / "portal.sqlite3"
    assert _count(copy, "login_attempts") >= before   # everything committed before it started
    assert (tmp_path / "b1" / "uploads" / "proof.pdf").read_bytes() == b"%PDF-1.4 demo"

    # Disaster: people and files are gone; the restore brings them back.
    people = _count(copy, "employees")
    with app.app_context():
        db.session.execute(delete(LoginAttempt))
        db.session.execute(Employee.__table__.update().values(notes="damaged"))
        db.session.commit()
    (uploads / "proof.pdf").unlink()
    result = app.test_cli_runner().invoke(restore, [str(tmp_path / "b1"), "--yes"])
    assert result.exit_code == 0, result.output
    assert _count(live, "employees") == people
    assert _count(live, "login_attempts") == _count(copy, "login_attempts")
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Employee.notes == "damaged")) == 0
    assert (uploads / "proof.pdf").exists()


def test_backup_refuses_to_overwrite(sqlite_app, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    result = sqlite_app.test_cli_runner().invoke(backup, [str(tmp_path / "old")])
    assert result.exit_code != 0 and "不是空目录" in result.output
    assert (tmp_path / "old" / "keep.txt").read_text() == "x"


def test_restore_refuses_a_damaged_backup(sqlite_app, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "portal.sqlite3").write_bytes(b"not a database at all" * 100)
    result = sqlite_app.test_cli_runner().invoke(restore, [str(tmp_path / "bad"), "--yes"])
    assert result.exit_code != 0 and "完整性检查未通过" in result.output


def test_postgres_backup_points_to_pg_dump(app, tmp_path):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("only for PostgreSQL")
    result = app.test_cli_runner().invoke(backup, [str(tmp_path / "b")])
    assert result.exit_code != 0 and "pg_dump" in result.output

"""Backups of the SQLite database while the portal writes, and restoring them."""

import shutil
import sqlite3
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DatabaseError

from portal.auth.models import LoginAttempt
from portal.backup import backup, restore
from portal.extensions import db
from portal.leave import operations_register
from portal.leave.models import LeaveEvent, LeaveRequest
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


# --- history tables (UPDATE and DELETE refused by triggers) come back with a restore -------

HISTORY = ("leave_events", "attendance_changes")


def _write_history_after_the_backup() -> None:
    """Rows a restore must take away again: appended to protected tables after the backup."""
    admin = db.session.scalar(select(Employee.id).where(Employee.username == "admin"))
    request = db.session.scalar(select(func.min(LeaveRequest.id)))
    db.session.add(LeaveEvent(request_id=request, kind="reported_back", actor_id=admin))
    db.session.commit()
    operations_register.save_cell(admin, date(2026, 9, 1), "present", None, admin, None)


def _history_counts() -> dict[str, int]:
    return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in HISTORY}


def _still_guarded() -> None:
    for statement in ("UPDATE leave_events SET detail = 'x'", "DELETE FROM leave_events"):
        with pytest.raises(DatabaseError, match="never"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_restore_takes_protected_history_back_to_the_backup(sqlite_app, tmp_path):
    app = sqlite_app
    with app.app_context():
        backed_up = _history_counts()
    assert app.test_cli_runner().invoke(backup, [str(tmp_path / "b")]).exit_code == 0
    with app.app_context():
        _write_history_after_the_backup()
        assert _history_counts() != backed_up
    result = app.test_cli_runner().invoke(restore, [str(tmp_path / "b"), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _history_counts() == backed_up
        _still_guarded()


def test_postgres_restore_with_pg_restore_clean_takes_protected_history_back(app, tmp_path):
    """The README's PostgreSQL restore (`pg_restore --clean`) drops and recreates the tables,
    triggers included: no trigger stands in its way, and the guards come back with it."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("only for PostgreSQL")
        if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            pytest.skip("pg_dump / pg_restore not installed")
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        backed_up = _history_counts()
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), url], check=True, capture_output=True)
    with app.app_context():
        _write_history_after_the_backup()
        assert _history_counts() != backed_up
        db.session.remove()
        db.engine.dispose()
    result = subprocess.run(["pg_restore", "--clean", "-d", url, str(dump)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with app.app_context():
        assert _history_counts() == backed_up
        _still_guarded()

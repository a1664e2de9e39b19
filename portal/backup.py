"""`flask backup DEST` and `flask restore SRC` for the embedded SQLite database and the
uploaded files. PostgreSQL is backed up with its own tools (pg_dump; see README).

The history tables refuse UPDATE and DELETE (triggers, portal/migrations/guards.py). Neither
way of restoring needs an exception: SQLite's backup API replaces the database page by page
(no row is updated or deleted, no trigger fires, and the triggers come back with the copy);
`pg_restore --clean` drops the tables and creates them again, triggers included. A restore
never deletes history rows one by one (tests/test_backup.py)."""

import shutil
import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext

from .extensions import db
from .web.uploads import upload_folder

DB_FILE = "portal.sqlite3"
UPLOADS = "uploads"


def sqlite_path() -> Path:
    if db.engine.dialect.name != "sqlite":
        raise click.ClickException(
            "数据库是 PostgreSQL：请用 pg_dump / pg_restore 备份和恢复（见 README）。"
            " The database is PostgreSQL: use pg_dump / pg_restore (see README).")
    return Path(db.engine.url.database)


def copy_database(source: Path, target: Path) -> None:
    """Online copy with SQLite's backup API: consistent even while others write."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=1024)
    check_integrity(target)


def check_integrity(path: Path) -> None:
    try:
        with sqlite3.connect(path) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        result = str(error)
    if result != "ok":
        raise click.ClickException(f"完整性检查未通过 integrity check failed: {path}: {result}")


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(dest: Path):
    """Write a consistent copy of the database and the uploaded files into DEST (a new folder)."""
    source = sqlite_path()
    if dest.exists() and any(dest.iterdir()):
        raise click.ClickException(f"{dest} 不是空目录，不会覆盖。 {dest} is not empty; nothing was written.")
    dest.mkdir(parents=True, exist_ok=True)
    copy_database(source, dest / DB_FILE)
    if upload_folder().is_dir():
        shutil.copytree(upload_folder(), dest / UPLOADS)
    click.echo(f"备份完成 Backup written: {dest}")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(src: Path, yes: bool):
    """Put a backup made by `flask backup` back (stop the portal first)."""
    target = sqlite_path()
    backup_db = src / DB_FILE
    if not backup_db.is_file():
        raise click.ClickException(f"{src} 中没有 {DB_FILE}。 No {DB_FILE} in {src}.")
    check_integrity(backup_db)
    if not yes:
        click.confirm(f"用 {src} 覆盖当前数据库 {target}？ Replace the current database?", abort=True)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(backup_db) as src_conn, sqlite3.connect(target, timeout=30) as dst_conn:
        src_conn.backup(dst_conn)
    if (src / UPLOADS).is_dir():
        shutil.rmtree(upload_folder(), ignore_errors=True)
        shutil.copytree(src / UPLOADS, upload_folder())
    click.echo(f"已恢复 Restored from {src}")

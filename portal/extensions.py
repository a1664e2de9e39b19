import sqlite3

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Every SQLite connection: WAL (readers don't block the writer), foreign keys enforced,
    and a busy timeout so concurrent writers wait instead of failing."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def commit_unless_taken() -> bool:
    """Commit; False (and rolled back) when the database refused it as a duplicate or an overlap —
    what a double click, or two people at the same moment, run into. On PostgreSQL two such
    inserts can also meet as a deadlock: each checks an exclusion constraint (a car's trips)
    against the other's row not yet committed and waits for it; the server then cancels one,
    whose row clashed with the other's all the same."""
    try:
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) != DEADLOCK_DETECTED:
            raise
        db.session.rollback()
        return False


DEADLOCK_DETECTED = "40P01"     # PostgreSQL's SQLSTATE

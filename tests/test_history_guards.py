"""History nobody can rewrite: every event and history table refuses UPDATE and DELETE in the
database itself (triggers made by the migrations, on SQLite and on PostgreSQL), whatever
code — or person with a database console — tries."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.absence.models import LeavePostNotice, NoticeEvent
from portal.approvals.models import Decision
from portal.extensions import db, migrate
from portal.leave.models import AttendanceChange
from portal.staff.models import Employee, OrgChange
from portal.service.models import EnteredFigure, Measurement, MeasurementCheck
from portal.vehicles.models import Car, FuelMonthClose, GateEntry
from portal.workdays.models import HolidaySchedule

HISTORY_MIGRATION = "a974b39838d5"
NEVER = "never (changed|deleted)"   # what the triggers answer

# Every table that keeps history. A new one (gate entries, complaints, …) is protected by
# its migration (portal/migrations/guards.py) and added here.
PROTECTED = (
    "decisions",             # approvals: who decided what, for whom
    "org_changes",           # who changed ranks, roles, heads, deputies, substitutes
    "leave_events",          # a leave request's history
    "notice_events",         # a leave-post notice's history (its decision is in decisions)
    "attendance_changes",    # every change of a register cell
    "spot_checks",
    "presence_checks",
    "acknowledgements",      # "I have read" a regulation's revision
    "regulation_revisions",
    "holiday_schedules",     # each entry of a year's schedule; the latest is in force
    "alarm_follow_ups",      # the talk, meeting, report to the bureau, exclusion after an absence alarm
    "gate_entries",          # a car out of or into the compound; a mistake is corrected by a new entry
    "hygiene_inspections",   # what the office found in a place, and its score
    "hygiene_results",       # each item of the standard, passed or failed, with the photo
    "complaints",            # a complaint as received (regulation 11)
    "complaint_entries",     # every later step of it; a correction is a new entry
    "ticket_events",         # a repair ticket's steps: received, on site, cleared, called back, sent back
    "return_visits",         # what the resident said when called back (regulation 8)
    "fuel_entries",          # the fuel ledger: litres issued to a car
    "fuel_month_closes",     # the office closed a month of the ledger
    "car_incidents",         # fines and accidents, and who bears them
    "hygiene_weekly_cleans",     # a department's weekly clean of a shared zone
    "hygiene_gm_office_cleans",  # the GM's office cleaned before work
    "temperature_measurements",  # a household's measurement, signed by both sides (regulation 10)
    "temperature_readings",      # each room of it
    "temperature_checks",        # the office's spot check of a measurement
    "entered_figures",           # a commitment's figure the office entered (the latest stands)
)


def _protected_in_database() -> set[str]:
    if db.engine.dialect.name == "postgresql":
        sql = ("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
               "WHERE NOT t.tgisinternal AND t.tgname LIKE '%no_change'")
    else:   # the guards' own triggers (guards.py), not others a table may have (trips: no overlap)
        sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%no_delete'"
    return set(db.session.scalars(text(sql)))


def _make_a_row(table: str, someone: int) -> None:
    """A row in a history table the demo company leaves empty (inserting is allowed)."""
    made = {
        "decisions": lambda: Decision(subject="leave", subject_id=10**6, outcome="approved", decided_by_id=someone),
        "org_changes": lambda: OrgChange(changed_by_id=someone, subject="employee", subject_id=someone,
                                         field="rank", old_value="staff", new_value="staff"),
        "holiday_schedules": lambda: HolidaySchedule(year=2027, holidays="", workdays="", entered_by_id=someone),
        "attendance_changes": lambda: AttendanceChange(employee_id=someone, day=date(2026, 9, 1), old_code=None,
                                                       new_code="present", source="register", changed_by_id=someone),
        "notice_events": lambda: NoticeEvent(notice_id=db.session.scalar(select(func.min(LeavePostNotice.id))),
                                             kind="filed", actor_id=someone),
        "entered_figures": lambda: EnteredFigure(kind="billing_accuracy", season_start=date(2026, 11, 15), part=99,
                                                 whole=100, entered_by_id=someone, entered_at=datetime(2026, 12, 1)),
        "temperature_checks": lambda: MeasurementCheck(
            measurement_id=db.session.scalar(select(func.min(Measurement.id))), checked_by_id=someone,
            checked_at=datetime(2026, 12, 1, 2, 0), agrees=True),
        "fuel_month_closes": lambda: FuelMonthClose(month=date(2020, 1, 1), closed_by_id=someone),
        "gate_entries": lambda: GateEntry(car=Car(plate="冀C·G0001", fuel_norm=Decimal("9"), odometer_km=0),
                                          direction="out", odometer_km=10, guard_id=someone),
    }
    db.session.add(made[table]())
    db.session.commit()


def test_exactly_the_history_tables_are_protected(app):
    with app.app_context():
        assert _protected_in_database() == set(PROTECTED)


@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
@pytest.mark.parametrize("table", PROTECTED)
def test_history_refuses_update_and_delete_in_the_database(app, table, verb):
    with app.app_context():
        row = db.session.scalar(text(f"SELECT min(id) FROM {table}"))
        if row is None:
            _make_a_row(table, db.session.scalar(select(Employee.id).where(Employee.username == "admin")))
            row = db.session.scalar(text(f"SELECT min(id) FROM {table}"))
        before = db.session.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row}).one()
        statement = (f"UPDATE {table} SET id = id WHERE id = :id" if verb == "UPDATE"
                     else f"DELETE FROM {table} WHERE id = :id")
        with pytest.raises(DatabaseError, match=NEVER):
            db.session.execute(text(statement), {"id": row})
        db.session.rollback()
        # not even all at once
        with pytest.raises(DatabaseError, match=NEVER):
            db.session.execute(text(f"DELETE FROM {table}" if verb == "DELETE" else f"UPDATE {table} SET id = id"))
        db.session.rollback()
        assert db.session.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row}).one() == before


@pytest.mark.parametrize("table", PROTECTED)
def test_history_refuses_truncate_on_postgresql(app, table):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE")
        count = db.session.scalar(text(f"SELECT count(*) FROM {table}"))
        with pytest.raises(DatabaseError, match=NEVER):
            db.session.execute(text(f"TRUNCATE {table} CASCADE"))
        db.session.rollback()
        assert db.session.scalar(text(f"SELECT count(*) FROM {table}")) == count


def test_the_migration_goes_down_and_up_again_and_fills_in_the_notices_history(app):
    """Down: the new tables and every guard it made are gone (the older ledgers keep theirs);
    up: the notices filed and returned so far get their history, and everything is guarded."""
    with app.app_context():
        before = ScriptDirectory.from_config(migrate.get_config()).get_revision(HISTORY_MIGRATION).down_revision
        downgrade(revision=before)
        assert _protected_in_database() == {"decisions", "org_changes"}
        upgrade()
        assert _protected_in_database() == set(PROTECTED)
        notices = db.session.execute(select(LeavePostNotice.id, LeavePostNotice.returned_at)).all()
        events = db.session.execute(select(NoticeEvent.notice_id, NoticeEvent.kind)).all()
        assert notices and sorted(events) == sorted(
            [(n, "filed") for n, _ in notices] + [(n, "returned") for n, back in notices if back])

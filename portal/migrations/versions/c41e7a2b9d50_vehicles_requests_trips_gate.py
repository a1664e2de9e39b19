"""vehicles: cars, requests, trips that never overlap for a car or a driver, the gate log

Two trips of one car, or of one driver, never overlap in time (cancelled ones aside): on
PostgreSQL an exclusion constraint (btree_gist), on SQLite triggers that refuse the insert or
update — both hold when two dispatchers assign at the same moment. Gate entries are history:
never changed or deleted.

Revision ID: c41e7a2b9d50
Revises: 5b8e2f0c7d13
Create Date: 2026-11-30 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'c41e7a2b9d50'
down_revision = '5b8e2f0c7d13'
branch_labels = None
depends_on = None

OVERLAP = "trips: the car or the driver is already on a trip at that time"


def upgrade():
    op.create_table('cars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plate', sa.String(length=12), nullable=False),
    sa.Column('model', sa.String(length=40), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('driver_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('fuel_norm', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('odometer_km', sa.Integer(), nullable=False),
    sa.Column('insurance_due', sa.Date(), nullable=True),
    sa.Column('road_fee_due', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_cars_department_id_departments')),
    sa.ForeignKeyConstraint(['driver_id'], ['employees.id'], name=op.f('fk_cars_driver_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cars')),
    sa.UniqueConstraint('plate', name=op.f('uq_cars_plate'))
    )
    op.create_table('car_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('destination', sa.String(length=80), nullable=False),
    sa.Column('destination_kind', sa.String(length=12), nullable=False),
    sa.Column('within_town', sa.Boolean(), nullable=False),
    sa.Column('passengers', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('urgency', sa.String(length=12), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('outside_org', sa.String(length=80), nullable=False),
    sa.Column('wants_car_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_car_requests_ends_after_start')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_car_requests_decided_by_id_employees')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_car_requests_department_id_departments')),
    sa.ForeignKeyConstraint(['requester_id'], ['employees.id'], name=op.f('fk_car_requests_requester_id_employees')),
    sa.ForeignKeyConstraint(['wants_car_id'], ['cars.id'], name=op.f('fk_car_requests_wants_car_id_cars')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_requests'))
    )
    op.create_index('ix_car_requests_state_starts', 'car_requests', ['state', 'starts_at'], unique=False)
    op.create_index(op.f('ix_car_requests_requester_id'), 'car_requests', ['requester_id'], unique=False)
    op.create_table('trips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('car_id', sa.Integer(), nullable=False),
    sa.Column('driver_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('not_needed_reason', sa.Text(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_trips_ends_after_start')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['employees.id'], name=op.f('fk_trips_assigned_by_id_employees')),
    sa.ForeignKeyConstraint(['car_id'], ['cars.id'], name=op.f('fk_trips_car_id_cars')),
    sa.ForeignKeyConstraint(['driver_id'], ['employees.id'], name=op.f('fk_trips_driver_id_employees')),
    sa.ForeignKeyConstraint(['request_id'], ['car_requests.id'], name=op.f('fk_trips_request_id_car_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trips')),
    sa.UniqueConstraint('request_id', name=op.f('uq_trips_request_id'))
    )
    op.create_index('ix_trips_car_time', 'trips', ['car_id', 'starts_at', 'ends_at'], unique=False)
    op.create_index('ix_trips_driver_time', 'trips', ['driver_id', 'starts_at', 'ends_at'], unique=False)
    op.create_index('ix_trips_ends', 'trips', ['ends_at'], unique=False)
    op.create_table('gate_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('car_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=4), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('odometer_km', sa.Integer(), nullable=False),
    sa.Column('trip_id', sa.Integer(), nullable=True),
    sa.Column('guard_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['car_id'], ['cars.id'], name=op.f('fk_gate_entries_car_id_cars')),
    sa.ForeignKeyConstraint(['corrects_id'], ['gate_entries.id'], name=op.f('fk_gate_entries_corrects_id_gate_entries')),
    sa.ForeignKeyConstraint(['guard_id'], ['employees.id'], name=op.f('fk_gate_entries_guard_id_employees')),
    sa.ForeignKeyConstraint(['trip_id'], ['trips.id'], name=op.f('fk_gate_entries_trip_id_trips')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gate_entries'))
    )
    op.create_index('ix_gate_entries_car_at', 'gate_entries', ['car_id', 'at'], unique=False)
    op.create_index('ix_gate_entries_at', 'gate_entries', ['at'], unique=False)
    protect(op, "gate_entries")

    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for column in ("car_id", "driver_id"):
            op.execute(f"ALTER TABLE trips ADD CONSTRAINT trips_{column[:-3]}_free EXCLUDE USING gist "
                       f"({column} WITH =, tsrange(starts_at, ends_at) WITH &&) WHERE (NOT cancelled)")
    else:
        # One EXISTS per column, so that each uses its index (an OR of the two would scan the table).
        clash = ("SELECT RAISE(ABORT, '{message}') WHERE "
                 "EXISTS (SELECT 1 FROM trips AS t WHERE t.car_id = NEW.car_id AND {other} AND NOT t.cancelled "
                 "AND t.starts_at < NEW.ends_at AND NEW.starts_at < t.ends_at) OR "
                 "EXISTS (SELECT 1 FROM trips AS t WHERE t.driver_id = NEW.driver_id AND {other} AND NOT t.cancelled "
                 "AND t.starts_at < NEW.ends_at AND NEW.starts_at < t.ends_at);")
        op.execute("CREATE TRIGGER trips_no_overlap_insert BEFORE INSERT ON trips WHEN NOT NEW.cancelled BEGIN "
                   + clash.format(message=OVERLAP, other="1") + " END")
        op.execute("CREATE TRIGGER trips_no_overlap_update BEFORE UPDATE OF car_id, driver_id, starts_at, ends_at, "
                   "cancelled ON trips WHEN NOT NEW.cancelled BEGIN "
                   + clash.format(message=OVERLAP, other="t.id != NEW.id") + " END")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trips_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS trips_no_overlap_update")
    unprotect(op, "gate_entries")
    op.drop_index('ix_gate_entries_at', table_name='gate_entries')
    op.drop_index('ix_gate_entries_car_at', table_name='gate_entries')
    op.drop_table('gate_entries')
    op.drop_index('ix_trips_ends', table_name='trips')
    op.drop_index('ix_trips_driver_time', table_name='trips')
    op.drop_index('ix_trips_car_time', table_name='trips')
    op.drop_table('trips')
    op.drop_index(op.f('ix_car_requests_requester_id'), table_name='car_requests')
    op.drop_index('ix_car_requests_state_starts', table_name='car_requests')
    op.drop_table('car_requests')
    op.drop_table('cars')

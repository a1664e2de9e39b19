"""history tables refuse update and delete; attendance changes and notice events

Revision ID: a974b39838d5
Revises: 5b96cb7951b5
Create Date: 2026-11-29 21:47:53.389984

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'a974b39838d5'
down_revision = '5b96cb7951b5'
branch_labels = None
depends_on = None

# History tables that existed before: from now on the database refuses UPDATE and DELETE on
# them (the decisions ledger and org_changes are protected by their own migrations).
# Not here: login_attempts (the login throttle's working table: an attempt is marked as
# succeeded afterwards), and the tables of current values that change by design (leave
# requests, leave-post notices, register cells, duty shifts, overtime reports, organiser
# excuses); what happens to them is kept in leave_events, the decisions ledger, notice_events
# and attendance_changes.
EXISTING_HISTORY = ("leave_events", "presence_checks", "spot_checks", "acknowledgements",
                    "holiday_schedules", "regulation_revisions")
NEW_HISTORY = ("attendance_changes", "notice_events")


def upgrade():
    op.create_table('attendance_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('old_code', sa.String(length=16), nullable=True),
    sa.Column('old_reason', sa.String(length=32), nullable=True),
    sa.Column('new_code', sa.String(length=16), nullable=True),
    sa.Column('new_reason', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['employees.id'], name=op.f('fk_attendance_changes_changed_by_id_employees')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_attendance_changes_employee_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_changes'))
    )
    with op.batch_alter_table('attendance_changes', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_changes_employee_day', ['employee_id', 'day'], unique=False)

    op.create_table('notice_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['employees.id'], name=op.f('fk_notice_events_actor_id_employees')),
    sa.ForeignKeyConstraint(['notice_id'], ['leave_post_notices.id'], name=op.f('fk_notice_events_notice_id_leave_post_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_events'))
    )
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_events_notice_id'), ['notice_id'], unique=False)

    # The notices filed and returned before this log existed (whether a return was late is
    # not known afterwards: their detail stays empty).
    op.execute("INSERT INTO notice_events (notice_id, at, kind, actor_id, detail) "
               "SELECT id, created_at, 'filed', employee_id, '' FROM leave_post_notices")
    op.execute("INSERT INTO notice_events (notice_id, at, kind, actor_id, detail) "
               "SELECT id, returned_at, 'returned', return_recorded_by_id, '' FROM leave_post_notices "
               "WHERE returned_at IS NOT NULL")
    for table in EXISTING_HISTORY + NEW_HISTORY:
        protect(op, table)
    if op.get_bind().dialect.name == "postgresql":  # the ledger's own guard did not cover TRUNCATE
        op.execute("CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions "
                   "FOR EACH STATEMENT EXECUTE FUNCTION decisions_unchangeable()")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS decisions_no_truncate ON decisions")
    for table in EXISTING_HISTORY + NEW_HISTORY:
        unprotect(op, table)
    with op.batch_alter_table('notice_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_events_notice_id'))

    op.drop_table('notice_events')
    with op.batch_alter_table('attendance_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_changes_employee_day')

    op.drop_table('attendance_changes')

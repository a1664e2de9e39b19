"""register conflicts, alarm follow-ups, what made a register cell; the labour section

Revision ID: 78a5a83fb2de
Revises: a974b39838d5
Create Date: 2026-11-29 22:47:14.886589

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = '78a5a83fb2de'
down_revision = 'a974b39838d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alarm_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('alarm', sa.String(length=12), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('window_first', sa.Date(), nullable=False),
    sa.Column('through', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_alarm_follow_ups_employee_id_employees')),
    sa.ForeignKeyConstraint(['held_by_id'], ['employees.id'], name=op.f('fk_alarm_follow_ups_held_by_id_employees')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['employees.id'], name=op.f('fk_alarm_follow_ups_recorded_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alarm_follow_ups'))
    )
    with op.batch_alter_table('alarm_follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_alarm_follow_ups_employee_alarm', ['employee_id', 'alarm'], unique=False)
    protect(op, 'alarm_follow_ups')

    op.create_table('register_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('mark_code', sa.String(length=16), nullable=False),
    sa.Column('mark_reason', sa.String(length=32), nullable=True),
    sa.Column('mark_source', sa.String(length=20), nullable=False),
    sa.Column('mark_by_id', sa.Integer(), nullable=True),
    sa.Column('claim_code', sa.String(length=16), nullable=False),
    sa.Column('claim_reason', sa.String(length=32), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('leave_request_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['employees.id'], name=op.f('fk_register_conflicts_claimed_by_id_employees')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_register_conflicts_decided_by_id_employees')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_register_conflicts_employee_id_employees')),
    sa.ForeignKeyConstraint(['leave_request_id'], ['leave_requests.id'], name=op.f('fk_register_conflicts_leave_request_id_leave_requests')),
    sa.ForeignKeyConstraint(['mark_by_id'], ['employees.id'], name=op.f('fk_register_conflicts_mark_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_conflicts')),
    sa.UniqueConstraint('leave_request_id', 'day', name=op.f('uq_register_conflicts_leave_request_id'))
    )
    with op.batch_alter_table('register_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_register_conflicts_employee_day', ['employee_id', 'day'], unique=False)
        batch_op.create_index('ix_register_conflicts_state_kind', ['state', 'kind'], unique=False)

    with op.batch_alter_table('attendance_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=20), server_default='register', nullable=False))
    # What made each existing cell: the source of its latest recorded change.
    op.execute("UPDATE attendance_entries SET source = (SELECT c.source FROM attendance_changes c "
               "WHERE c.employee_id = attendance_entries.employee_id AND c.day = attendance_entries.day "
               "ORDER BY c.id DESC LIMIT 1) "
               "WHERE EXISTS (SELECT 1 FROM attendance_changes c WHERE c.employee_id = attendance_entries.employee_id "
               "AND c.day = attendance_entries.day)")

    # The labour section (劳资科) pays wages and sees the whole company's register, report and
    # alarms: its department kind says so (an administrator can set it on any department).
    op.execute("UPDATE departments SET kind = 'labour' WHERE name = '劳资科' AND kind = 'section'")


def downgrade():
    op.execute("UPDATE departments SET kind = 'section' WHERE kind = 'labour'")
    with op.batch_alter_table('attendance_entries', schema=None) as batch_op:
        batch_op.drop_column('source')

    with op.batch_alter_table('register_conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_register_conflicts_state_kind')
        batch_op.drop_index('ix_register_conflicts_employee_day')
    op.drop_table('register_conflicts')

    unprotect(op, 'alarm_follow_ups')
    with op.batch_alter_table('alarm_follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_alarm_follow_ups_employee_alarm')
    op.drop_table('alarm_follow_ups')

"""temperature measurements

Revision ID: f6c0a4e8b319
Revises: e5b9d3f7a208
Create Date: 2026-11-30 13:26:49.583212

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'f6c0a4e8b319'
down_revision = 'e5b9d3f7a208'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('temperature_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('measured_by_id', sa.Integer(), nullable=False),
    sa.Column('with_whom', sa.String(length=40), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=False),
    sa.Column('doors_windows_closed', sa.Boolean(), nullable=False),
    sa.Column('outdoor_c', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('signature', sa.String(length=24), nullable=False),
    sa.Column('objection', sa.Text(), nullable=False),
    sa.Column('again_requested', sa.Boolean(), nullable=False),
    sa.Column('exemption', sa.String(length=24), nullable=False),
    sa.Column('problems', sa.String(length=60), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['departments.id'], name=op.f('fk_temperature_measurements_branch_id_departments')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_temperature_measurements_household_id_households')),
    sa.ForeignKeyConstraint(['measured_by_id'], ['employees.id'], name=op.f('fk_temperature_measurements_measured_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_temperature_measurements'))
    )
    with op.batch_alter_table('temperature_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_temperature_measurements_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_temperature_measurements_started', ['started_at'], unique=False)

    op.create_table('temperature_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=12), nullable=False),
    sa.Column('heated', sa.Boolean(), nullable=False),
    sa.Column('open_to_balcony', sa.Boolean(), nullable=False),
    sa.Column('reading_c', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('standard_c', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['measurement_id'], ['temperature_measurements.id'], name=op.f('fk_temperature_readings_measurement_id_temperature_measurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_temperature_readings'))
    )
    with op.batch_alter_table('temperature_readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_temperature_readings_measurement_id'), ['measurement_id'], unique=False)
    protect(op, 'temperature_measurements')   # signed by both sides: never changed
    protect(op, 'temperature_readings')


def downgrade():
    unprotect(op, 'temperature_readings')
    unprotect(op, 'temperature_measurements')
    with op.batch_alter_table('temperature_readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_temperature_readings_measurement_id'))

    op.drop_table('temperature_readings')
    with op.batch_alter_table('temperature_measurements', schema=None) as batch_op:
        batch_op.drop_index('ix_temperature_measurements_started')
        batch_op.drop_index(batch_op.f('ix_temperature_measurements_household_id'))

    op.drop_table('temperature_measurements')

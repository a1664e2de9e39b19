"""spot checks of measurements

Revision ID: d0a4e8c2f753
Revises: c9f3d7b1e642
Create Date: 2026-11-30 13:59:20.081326

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'd0a4e8c2f753'
down_revision = 'c9f3d7b1e642'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('temperature_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by_id'], ['employees.id'], name=op.f('fk_temperature_checks_checked_by_id_employees')),
    sa.ForeignKeyConstraint(['measurement_id'], ['temperature_measurements.id'], name=op.f('fk_temperature_checks_measurement_id_temperature_measurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_temperature_checks'))
    )
    with op.batch_alter_table('temperature_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_temperature_checks_measurement_id'), ['measurement_id'], unique=False)
    protect(op, 'temperature_checks')


def downgrade():
    unprotect(op, 'temperature_checks')
    with op.batch_alter_table('temperature_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_temperature_checks_measurement_id'))

    op.drop_table('temperature_checks')

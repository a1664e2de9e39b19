"""cold household files

Revision ID: a7d1b5f9c420
Revises: f6c0a4e8b319
Create Date: 2026-11-30 13:42:06.145273

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d1b5f9c420'
down_revision = 'f6c0a4e8b319'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cold_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by_measurement_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['employees.id'], name=op.f('fk_cold_files_closed_by_id_employees')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_cold_files_household_id_households')),
    sa.ForeignKeyConstraint(['opened_by_measurement_id'], ['temperature_measurements.id'], name=op.f('fk_cold_files_opened_by_measurement_id_temperature_measurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cold_files'))
    )
    with op.batch_alter_table('cold_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cold_files_household_id'), ['household_id'], unique=False)
        batch_op.create_index('uq_cold_files_one_open', ['household_id'], unique=True,
                              sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))



def downgrade():
    with op.batch_alter_table('cold_files', schema=None) as batch_op:
        batch_op.drop_index('uq_cold_files_one_open')
        batch_op.drop_index(batch_op.f('ix_cold_files_household_id'))

    op.drop_table('cold_files')

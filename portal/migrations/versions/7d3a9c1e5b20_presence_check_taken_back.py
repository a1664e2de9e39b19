"""a presence check's finding taken back within the minute: a later check naming it

Revision ID: 7d3a9c1e5b20
Revises: b2d6f0a4c318
Create Date: 2026-11-30 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7d3a9c1e5b20'
down_revision = 'b2d6f0a4c318'
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN and CREATE INDEX (no batch rebuild on SQLite), so the table's history
    # triggers stay; no foreign key, which SQLite cannot add to a table without rebuilding it
    op.add_column('presence_checks', sa.Column('withdraws_id', sa.Integer(), nullable=True))
    op.create_index('ux_presence_checks_withdraws_id', 'presence_checks', ['withdraws_id'], unique=True)


def downgrade():
    op.drop_index('ux_presence_checks_withdraws_id', table_name='presence_checks')
    op.execute("ALTER TABLE presence_checks DROP COLUMN withdraws_id")   # SQLite 3.35+: no rebuild

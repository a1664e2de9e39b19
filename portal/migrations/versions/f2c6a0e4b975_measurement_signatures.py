"""the resident's signature drawn on the screen, kept with the measurement

Revision ID: f2c6a0e4b975
Revises: e1b5f9d3a864
Create Date: 2026-11-30 14:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f2c6a0e4b975'
down_revision = 'e1b5f9d3a864'
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN (no batch rebuild on SQLite), so the table's history triggers stay
    op.add_column('temperature_measurements', sa.Column('signature_file', sa.String(length=64), nullable=True))


def downgrade():
    op.execute("ALTER TABLE temperature_measurements DROP COLUMN signature_file")   # SQLite 3.35+: no rebuild

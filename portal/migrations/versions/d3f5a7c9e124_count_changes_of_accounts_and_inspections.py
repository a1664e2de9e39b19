"""the count of changes follows the yearly accounts and the hygiene inspections too

Revision ID: d3f5a7c9e124
Revises: c8e2f4a6b913
Create Date: 2026-12-01 14:30:00

The company's overview of the accounts and each place's latest inspection are kept per worker.
"""
from alembic import op

from portal.migrations.change_counter import count_changes, stop_counting


revision = 'd3f5a7c9e124'
down_revision = 'c8e2f4a6b913'
branch_labels = None
depends_on = None

TABLES = ("yearly_reviews", "hygiene_inspections")


def upgrade():
    for table in TABLES:
        count_changes(op, table)


def downgrade():
    for table in TABLES:
        stop_counting(op, table)

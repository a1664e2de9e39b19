"""the count of changes follows the leave-post notices themselves

Revision ID: e5b7c9d1f326
Revises: d3f5a7c9e124
Create Date: 2026-12-02 01:00:00

Whether any notice waits for the end-of-day sweep is kept per worker: the board asks on every
visit.
"""
from alembic import op

from portal.migrations.change_counter import count_changes, stop_counting


revision = 'e5b7c9d1f326'
down_revision = 'd3f5a7c9e124'
branch_labels = None
depends_on = None


def upgrade():
    count_changes(op, "leave_post_notices")


def downgrade():
    stop_counting(op, "leave_post_notices")

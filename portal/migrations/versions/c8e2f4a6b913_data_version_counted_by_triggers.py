"""the database counts every change of the tables figures are derived from (data_version)

Revision ID: c8e2f4a6b913
Revises: 7d3a9c1e5b20
Create Date: 2026-12-01 14:00:00

Until now each request read a checksum of every such table (a pass over the people and over
every duty shift ever planned): one row now, however large the tables grow.
"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.change_counter import count_changes, install, stop_counting, uninstall


revision = 'c8e2f4a6b913'
down_revision = '7d3a9c1e5b20'
branch_labels = None
depends_on = None

# Frozen here, as every migration's names are; the live list is derived_cache.FOLLOWED.
FOLLOWED = ("acknowledgements", "alarm_follow_ups", "attendance_changes", "decisions", "departments",
            "duty_shifts", "employees", "holiday_schedules", "leave_events", "notice_events", "org_changes",
            "overtime_reports", "posts", "register_conflicts", "regulation_revisions", "roster_approvals",
            "spot_checks")


def upgrade():
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    install(op)
    for table in FOLLOWED:
        count_changes(op, table)


def downgrade():
    for table in FOLLOWED:
        stop_counting(op, table)
    uninstall(op)
    op.drop_table('data_version')

"""indexes the query plans asked for: the home page's counts (contacts to accept, overtime to
approve), the desk's reports (tickets and complaint steps by time) and the cold households

Revision ID: a1c5e9f3b207
Revises: f2c6a0e4b975
Create Date: 2026-11-30 16:50:00

"""
from alembic import op


revision = 'a1c5e9f3b207'
down_revision = 'f2c6a0e4b975'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_service_contacts_to_accept', 'service_contacts', ['passed_to_id', 'accepted_by_id']),
    ('ix_overtime_reports_state', 'overtime_reports', ['state']),
    ('ix_service_tickets_received', 'service_tickets', ['received_at']),
    ('ix_complaint_entries_kind_at', 'complaint_entries', ['kind', 'at']),
    ('ix_households_cold', 'households', ['cold']),
]


def upgrade():
    # CREATE INDEX only: no table is rebuilt, so the history triggers stay
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)

"""a ticket's history, only ever added to; return visits protected; a contact can become a
connection application

Revision ID: d4a8c2e6f197
Revises: c3e7a1f9b465
Create Date: 2026-11-30 13:20:00

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


revision = 'd4a8c2e6f197'
down_revision = 'c3e7a1f9b465'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('other_ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['employees.id'], name=op.f('fk_ticket_events_by_id_employees')),
    sa.ForeignKeyConstraint(['other_ticket_id'], ['service_tickets.id'], name=op.f('fk_ticket_events_other_ticket_id_service_tickets')),
    sa.ForeignKeyConstraint(['ticket_id'], ['service_tickets.id'], name=op.f('fk_ticket_events_ticket_id_service_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_events'))
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'], unique=False)
    # What the tickets already say, as their first history (who was on site or cleared is unknown).
    op.execute("INSERT INTO ticket_events (ticket_id, kind, at, by_id, note) "
               "SELECT id, 'received', received_at, received_by_id, '' FROM service_tickets")
    op.execute("INSERT INTO ticket_events (ticket_id, kind, at, by_id, note) "
               "SELECT id, 'arrived', arrived_at, NULL, '' FROM service_tickets WHERE arrived_at IS NOT NULL")
    op.execute("INSERT INTO ticket_events (ticket_id, kind, at, by_id, note) "
               "SELECT id, 'cleared', cleared_at, NULL, result FROM service_tickets WHERE cleared_at IS NOT NULL")
    protect(op, 'ticket_events')
    protect(op, 'return_visits')
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('connection_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_service_contacts_connection_id_connection_applications'),
                                    'connection_applications', ['connection_id'], ['id'])


def downgrade():
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_service_contacts_connection_id_connection_applications'), type_='foreignkey')
        batch_op.drop_column('connection_id')
    unprotect(op, 'return_visits')
    unprotect(op, 'ticket_events')
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_events_ticket_id'))
    op.drop_table('ticket_events')

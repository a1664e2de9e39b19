"""service desk households contacts tickets complaints

Revision ID: a1c5e9d7f243
Revises: f3b8d1a6c092
Create Date: 2026-11-30 10:23:55.235345

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'a1c5e9d7f243'
down_revision = 'f3b8d1a6c092'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('estate', sa.String(length=40), nullable=False),
    sa.Column('building', sa.String(length=10), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('room', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('heated_area', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('cold', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['departments.id'], name=op.f('fk_households_branch_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index('ix_households_address', ['estate', 'building', 'unit', 'room'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_phone'), ['phone'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_by_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_complaints_household_id_households')),
    sa.ForeignKeyConstraint(['received_by_id'], ['employees.id'], name=op.f('fk_complaints_received_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_received_at'), ['received_at'], unique=False)

    op.create_table('service_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('caller', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('situation', sa.String(length=24), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('fault', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_by_id', sa.Integer(), nullable=False),
    sa.Column('arrive_by', sa.DateTime(), nullable=False),
    sa.Column('promised_by', sa.DateTime(), nullable=False),
    sa.Column('clear_by', sa.DateTime(), nullable=True),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['departments.id'], name=op.f('fk_service_tickets_branch_id_departments')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_service_tickets_household_id_households')),
    sa.ForeignKeyConstraint(['received_by_id'], ['employees.id'], name=op.f('fk_service_tickets_received_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_tickets'))
    )
    with op.batch_alter_table('service_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_tickets_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_tickets_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_service_tickets_open', ['cleared_at', 'promised_by'], unique=False)

    op.create_table('complaint_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['employees.id'], name=op.f('fk_complaint_entries_by_id_employees')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_entries_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['corrects_id'], ['complaint_entries.id'], name=op.f('fk_complaint_entries_corrects_id_complaint_entries')),
    sa.ForeignKeyConstraint(['owner_id'], ['employees.id'], name=op.f('fk_complaint_entries_owner_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_entries'))
    )
    with op.batch_alter_table('complaint_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_entries_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('service_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('matter', sa.Text(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('told_missing', sa.Text(), nullable=False),
    sa.Column('passed_to_id', sa.Integer(), nullable=True),
    sa.Column('passed_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['employees.id'], name=op.f('fk_service_contacts_accepted_by_id_employees')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_service_contacts_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_service_contacts_household_id_households')),
    sa.ForeignKeyConstraint(['passed_to_id'], ['departments.id'], name=op.f('fk_service_contacts_passed_to_id_departments')),
    sa.ForeignKeyConstraint(['receiver_id'], ['employees.id'], name=op.f('fk_service_contacts_receiver_id_employees')),
    sa.ForeignKeyConstraint(['ticket_id'], ['service_tickets.id'], name=op.f('fk_service_contacts_ticket_id_service_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_contacts'))
    )
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_contacts_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_service_contacts_received', ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_contacts_receiver_id'), ['receiver_id'], unique=False)
    # A complaint as received and every later step are never hidden, altered or destroyed
    # (regulation 11): a correction is a new entry.
    protect(op, "complaints")
    protect(op, "complaint_entries")


def downgrade():
    unprotect(op, "complaint_entries")
    unprotect(op, "complaints")
    with op.batch_alter_table('service_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_contacts_receiver_id'))
        batch_op.drop_index('ix_service_contacts_received')
        batch_op.drop_index(batch_op.f('ix_service_contacts_household_id'))

    op.drop_table('service_contacts')
    with op.batch_alter_table('complaint_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_entries_complaint_id'))

    op.drop_table('complaint_entries')
    with op.batch_alter_table('service_tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_service_tickets_open')
        batch_op.drop_index(batch_op.f('ix_service_tickets_household_id'))
        batch_op.drop_index(batch_op.f('ix_service_tickets_branch_id'))

    op.drop_table('service_tickets')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_received_at'))
        batch_op.drop_index(batch_op.f('ix_complaints_household_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_phone'))
        batch_op.drop_index(batch_op.f('ix_households_name'))
        batch_op.drop_index('ix_households_address')

    op.drop_table('households')

"""return visits

Revision ID: b2d6f0e8a354
Revises: a1c5e9d7f243
Create Date: 2026-11-30 10:39:18.022081

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2d6f0e8a354'
down_revision = 'a1c5e9d7f243'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('return_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('satisfaction', sa.String(length=12), nullable=False),
    sa.Column('in_time', sa.Boolean(), nullable=False),
    sa.Column('matches_record', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reopened_ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['employees.id'], name=op.f('fk_return_visits_by_id_employees')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_return_visits_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['reopened_ticket_id'], ['service_tickets.id'], name=op.f('fk_return_visits_reopened_ticket_id_service_tickets')),
    sa.ForeignKeyConstraint(['ticket_id'], ['service_tickets.id'], name=op.f('fk_return_visits_ticket_id_service_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_visits')),
    sa.UniqueConstraint('complaint_id', name=op.f('uq_return_visits_complaint_id')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_return_visits_ticket_id'))
    )
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_visits_at'), ['at'], unique=False)



def downgrade():
    with op.batch_alter_table('return_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_visits_at'))

    op.drop_table('return_visits')

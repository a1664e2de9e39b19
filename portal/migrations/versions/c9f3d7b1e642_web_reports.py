"""web reports

Revision ID: c9f3d7b1e642
Revises: b8e2c6a0d531
Create Date: 2026-11-30 13:53:26.477647

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9f3d7b1e642'
down_revision = 'b8e2c6a0d531'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_track_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client', sa.String(length=45), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_track_failures'))
    )
    with op.batch_alter_table('public_track_failures', schema=None) as batch_op:
        batch_op.create_index('ix_public_track_failures_client_at', ['client', 'at'], unique=False)

    op.create_table('web_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('situation', sa.String(length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('client', sa.String(length=45), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['service_tickets.id'], name=op.f('fk_web_reports_ticket_id_service_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_reports'))
    )
    with op.batch_alter_table('web_reports', schema=None) as batch_op:
        batch_op.create_index('ix_web_reports_client_received', ['client', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_reports_received_at'), ['received_at'], unique=False)



def downgrade():
    with op.batch_alter_table('web_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_reports_received_at'))
        batch_op.drop_index('ix_web_reports_client_received')

    op.drop_table('web_reports')
    with op.batch_alter_table('public_track_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_public_track_failures_client_at')

    op.drop_table('public_track_failures')

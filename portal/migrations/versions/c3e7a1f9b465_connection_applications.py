"""connection applications

Revision ID: c3e7a1f9b465
Revises: b2d6f0e8a354
Create Date: 2026-11-30 10:43:11.301766

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e7a1f9b465'
down_revision = 'b2d6f0e8a354'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('connection_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applicant', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('heated_area', sa.Numeric(precision=9, scale=2), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('answer_by', sa.Date(), nullable=False),
    sa.Column('accepted_by_id', sa.Integer(), nullable=False),
    sa.Column('guide_id', sa.Integer(), nullable=True),
    sa.Column('charge_yuan', sa.Numeric(precision=11, scale=2), nullable=True),
    sa.Column('appointment', sa.String(length=120), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['employees.id'], name=op.f('fk_connection_applications_accepted_by_id_employees')),
    sa.ForeignKeyConstraint(['guide_id'], ['employees.id'], name=op.f('fk_connection_applications_guide_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connection_applications'))
    )
    op.create_table('connection_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['connection_applications.id'], name=op.f('fk_connection_approvals_application_id_connection_applications')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_connection_approvals_decided_by_id_employees')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_connection_approvals_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connection_approvals'))
    )
    with op.batch_alter_table('connection_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connection_approvals_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_connection_approvals_department_state', ['department_id', 'state'], unique=False)



def downgrade():
    with op.batch_alter_table('connection_approvals', schema=None) as batch_op:
        batch_op.drop_index('ix_connection_approvals_department_state')
        batch_op.drop_index(batch_op.f('ix_connection_approvals_application_id'))

    op.drop_table('connection_approvals')
    op.drop_table('connection_applications')

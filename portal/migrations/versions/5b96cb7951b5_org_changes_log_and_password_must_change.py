"""org changes log and password must change

Revision ID: 5b96cb7951b5
Revises: 93d72ba3456d
Create Date: 2026-11-29 21:41:23.842587

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = '5b96cb7951b5'
down_revision = '93d72ba3456d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('subject', sa.String(length=12), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('old_value', sa.String(length=200), nullable=False),
    sa.Column('new_value', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['employees.id'], name=op.f('fk_org_changes_changed_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_changes'))
    )
    with op.batch_alter_table('org_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_changes_changed_at'), ['changed_at'], unique=False)
    protect(op, 'org_changes')

    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_must_change', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('password_must_change')

    unprotect(op, 'org_changes')
    with op.batch_alter_table('org_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_changes_changed_at'))

    op.drop_table('org_changes')

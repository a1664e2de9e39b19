"""figures entered by the office

Revision ID: e1b5f9d3a864
Revises: d0a4e8c2f753
Create Date: 2026-11-30 14:02:49.346449

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'e1b5f9d3a864'
down_revision = 'd0a4e8c2f753'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entered_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('season_start', sa.Date(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('whole', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['employees.id'], name=op.f('fk_entered_figures_entered_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entered_figures'))
    )
    protect(op, 'entered_figures')


def downgrade():
    unprotect(op, 'entered_figures')
    op.drop_table('entered_figures')

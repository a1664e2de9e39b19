"""temperature plans

Revision ID: b8e2c6a0d531
Revises: a7d1b5f9c420
Create Date: 2026-11-30 13:43:58.599227

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e2c6a0d531'
down_revision = 'a7d1b5f9c420'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('temperature_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('planned_by_id', sa.Integer(), nullable=False),
    sa.Column('planned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_temperature_plans_household_id_households')),
    sa.ForeignKeyConstraint(['planned_by_id'], ['employees.id'], name=op.f('fk_temperature_plans_planned_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_temperature_plans')),
    sa.UniqueConstraint('month', 'household_id', name='uq_temperature_plans_month_household')
    )


def downgrade():
    op.drop_table('temperature_plans')

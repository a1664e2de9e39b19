"""fuel ledger: fuellings and closed months

Revision ID: d52f8b3c1e64
Revises: c41e7a2b9d50
Create Date: 2026-11-30 07:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd52f8b3c1e64'
down_revision = 'c41e7a2b9d50'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fuel_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('car_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('litres', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('station', sa.String(length=60), nullable=False),
    sa.Column('designated', sa.Boolean(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('reimbursable', sa.Boolean(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('litres > 0', name=op.f('ck_fuel_entries_litres_positive')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['employees.id'], name=op.f('fk_fuel_entries_approved_by_id_employees')),
    sa.ForeignKeyConstraint(['car_id'], ['cars.id'], name=op.f('fk_fuel_entries_car_id_cars')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['employees.id'], name=op.f('fk_fuel_entries_entered_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fuel_entries'))
    )
    op.create_index('ix_fuel_entries_car_day', 'fuel_entries', ['car_id', 'day'], unique=False)
    op.create_table('fuel_month_closes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['employees.id'], name=op.f('fk_fuel_month_closes_closed_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fuel_month_closes')),
    sa.UniqueConstraint('month', name=op.f('uq_fuel_month_closes_month'))
    )


def downgrade():
    op.drop_table('fuel_month_closes')
    op.drop_index('ix_fuel_entries_car_day', table_name='fuel_entries')
    op.drop_table('fuel_entries')

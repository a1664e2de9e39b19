"""car repairs and incidents

Revision ID: e7a19c4d2b80
Revises: d52f8b3c1e64
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a19c4d2b80'
down_revision = 'd52f8b3c1e64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('car_repairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('car_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('estimate_yuan', sa.Numeric(precision=9, scale=2), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('forwarded_by_id', sa.Integer(), nullable=True),
    sa.Column('forwarded_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('garage', sa.String(length=60), nullable=False),
    sa.Column('cost_yuan', sa.Numeric(precision=9, scale=2), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['asked_by_id'], ['employees.id'], name=op.f('fk_car_repairs_asked_by_id_employees')),
    sa.ForeignKeyConstraint(['car_id'], ['cars.id'], name=op.f('fk_car_repairs_car_id_cars')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_car_repairs_decided_by_id_employees')),
    sa.ForeignKeyConstraint(['forwarded_by_id'], ['employees.id'], name=op.f('fk_car_repairs_forwarded_by_id_employees')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['employees.id'], name=op.f('fk_car_repairs_recorded_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_repairs'))
    )
    op.create_index('ix_car_repairs_state', 'car_repairs', ['state'], unique=False)
    op.create_index(op.f('ix_car_repairs_car_id'), 'car_repairs', ['car_id'], unique=False)
    op.create_table('car_incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('car_id', sa.Integer(), nullable=False),
    sa.Column('driver_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('cause', sa.String(length=24), nullable=False),
    sa.Column('cost_yuan', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('cost_yuan >= 0', name=op.f('ck_car_incidents_cost_not_negative')),
    sa.ForeignKeyConstraint(['car_id'], ['cars.id'], name=op.f('fk_car_incidents_car_id_cars')),
    sa.ForeignKeyConstraint(['driver_id'], ['employees.id'], name=op.f('fk_car_incidents_driver_id_employees')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['employees.id'], name=op.f('fk_car_incidents_entered_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_car_incidents'))
    )
    op.create_index('ix_car_incidents_day', 'car_incidents', ['day'], unique=False)


def downgrade():
    op.drop_index('ix_car_incidents_day', table_name='car_incidents')
    op.drop_table('car_incidents')
    op.drop_index(op.f('ix_car_repairs_car_id'), table_name='car_repairs')
    op.drop_index('ix_car_repairs_state', table_name='car_repairs')
    op.drop_table('car_repairs')

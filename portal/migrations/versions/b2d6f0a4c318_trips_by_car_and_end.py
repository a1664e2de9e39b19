"""trips by car and end: the gate's "today's trip" of each car seeks the trips not ended yet
instead of passing over every trip the car ever made

Revision ID: b2d6f0a4c318
Revises: a1c5e9f3b207
Create Date: 2026-11-30 17:30:00

"""
from alembic import op


revision = 'b2d6f0a4c318'
down_revision = 'a1c5e9f3b207'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_trips_car_ends', 'trips', ['car_id', 'ends_at'])


def downgrade():
    op.drop_index('ix_trips_car_ends', table_name='trips')

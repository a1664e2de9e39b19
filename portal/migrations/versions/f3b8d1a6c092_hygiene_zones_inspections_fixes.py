"""hygiene zones inspections fixes

Revision ID: f3b8d1a6c092
Revises: e7a19c4d2b80
Create Date: 2026-11-30 10:05:32.030081

"""
from alembic import op
import sqlalchemy as sa

from portal.migrations.guards import protect, unprotect


# revision identifiers, used by Alembic.
revision = 'f3b8d1a6c092'
down_revision = 'e7a19c4d2b80'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hygiene_gm_office_cleans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['employees.id'], name=op.f('fk_hygiene_gm_office_cleans_done_by_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_gm_office_cleans')),
    sa.UniqueConstraint('day', name=op.f('uq_hygiene_gm_office_cleans_day'))
    )
    op.create_table('hygiene_zones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('appointed_id', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['appointed_id'], ['employees.id'], name=op.f('fk_hygiene_zones_appointed_id_employees')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_hygiene_zones_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_zones')),
    sa.UniqueConstraint('name', name=op.f('uq_hygiene_zones_name'))
    )
    op.create_table('hygiene_inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('inspected_by_id', sa.Integer(), nullable=False),
    sa.Column('inspected_at', sa.DateTime(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_hygiene_inspections_department_id_departments')),
    sa.ForeignKeyConstraint(['inspected_by_id'], ['employees.id'], name=op.f('fk_hygiene_inspections_inspected_by_id_employees')),
    sa.ForeignKeyConstraint(['zone_id'], ['hygiene_zones.id'], name=op.f('fk_hygiene_inspections_zone_id_hygiene_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_inspections'))
    )
    with op.batch_alter_table('hygiene_inspections', schema=None) as batch_op:
        batch_op.create_index('ix_hygiene_inspections_at', ['inspected_at'], unique=False)
        batch_op.create_index('ix_hygiene_inspections_zone_at', ['zone_id', 'inspected_at'], unique=False)

    op.create_table('hygiene_weekly_cleans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_hygiene_weekly_cleans_department_id_departments')),
    sa.ForeignKeyConstraint(['done_by_id'], ['employees.id'], name=op.f('fk_hygiene_weekly_cleans_done_by_id_employees')),
    sa.ForeignKeyConstraint(['zone_id'], ['hygiene_zones.id'], name=op.f('fk_hygiene_weekly_cleans_zone_id_hygiene_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_weekly_cleans')),
    sa.UniqueConstraint('zone_id', 'week', name=op.f('uq_hygiene_weekly_cleans_zone_id'))
    )
    op.create_table('hygiene_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('result', sa.String(length=4), nullable=False),
    sa.Column('photo_file', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['hygiene_inspections.id'], name=op.f('fk_hygiene_results_inspection_id_hygiene_inspections')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_results')),
    sa.UniqueConstraint('inspection_id', 'item', name=op.f('uq_hygiene_results_inspection_id'))
    )
    op.create_table('hygiene_fixes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('fixed_by_id', sa.Integer(), nullable=True),
    sa.Column('fixed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['employees.id'], name=op.f('fk_hygiene_fixes_closed_by_id_employees')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_hygiene_fixes_department_id_departments')),
    sa.ForeignKeyConstraint(['fixed_by_id'], ['employees.id'], name=op.f('fk_hygiene_fixes_fixed_by_id_employees')),
    sa.ForeignKeyConstraint(['person_id'], ['employees.id'], name=op.f('fk_hygiene_fixes_person_id_employees')),
    sa.ForeignKeyConstraint(['result_id'], ['hygiene_results.id'], name=op.f('fk_hygiene_fixes_result_id_hygiene_results')),
    sa.ForeignKeyConstraint(['zone_id'], ['hygiene_zones.id'], name=op.f('fk_hygiene_fixes_zone_id_hygiene_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hygiene_fixes')),
    sa.UniqueConstraint('result_id', name=op.f('uq_hygiene_fixes_result_id'))
    )
    with op.batch_alter_table('hygiene_fixes', schema=None) as batch_op:
        batch_op.create_index('ix_hygiene_fixes_state_department', ['state', 'department_id'], unique=False)
    # What the office found is never changed afterwards (regulation 2 inspections as evidence).
    protect(op, "hygiene_inspections")
    protect(op, "hygiene_results")


def downgrade():
    unprotect(op, "hygiene_results")
    unprotect(op, "hygiene_inspections")
    with op.batch_alter_table('hygiene_fixes', schema=None) as batch_op:
        batch_op.drop_index('ix_hygiene_fixes_state_department')

    op.drop_table('hygiene_fixes')
    op.drop_table('hygiene_results')
    op.drop_table('hygiene_weekly_cleans')
    with op.batch_alter_table('hygiene_inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_hygiene_inspections_zone_at')
        batch_op.drop_index('ix_hygiene_inspections_at')

    op.drop_table('hygiene_inspections')
    op.drop_table('hygiene_zones')
    op.drop_table('hygiene_gm_office_cleans')

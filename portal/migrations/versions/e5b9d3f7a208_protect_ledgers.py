"""the fuel ledger, its month closes, fines and accidents, and the hygiene cleans are history too

Revision ID: e5b9d3f7a208
Revises: d4a8c2e6f197
Create Date: 2026-11-30 14:00:00

"""
from alembic import op

from portal.migrations.guards import protect, unprotect


revision = 'e5b9d3f7a208'
down_revision = 'd4a8c2e6f197'
branch_labels = None
depends_on = None

TABLES = ('fuel_entries', 'fuel_month_closes', 'car_incidents', 'hygiene_weekly_cleans', 'hygiene_gm_office_cleans')


def upgrade():
    for table in TABLES:
        protect(op, table)


def downgrade():
    for table in TABLES:
        unprotect(op, table)

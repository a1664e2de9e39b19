"""decisions ledger shared by every area

Revision ID: b7d1e0a9c4f2
Revises: 2fec29c40e38
Create Date: 2026-11-29 21:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7d1e0a9c4f2'
down_revision = '2fec29c40e38'
branch_labels = None
depends_on = None

# Items decided before the ledger existed: (subject, table).
DECIDED = (("leave", "leave_requests"), ("notice", "leave_post_notices"), ("overtime", "overtime_reports"))

# The ledger refuses UPDATE and DELETE in the database itself.
SQLITE_GUARDS = (
    "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never changed'); END",
    "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
    "BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END",
)
POSTGRES_GUARDS = (
    "CREATE FUNCTION decisions_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'decisions are never changed or deleted'; END $$",
    "CREATE TRIGGER decisions_no_change BEFORE UPDATE OR DELETE ON decisions "
    "FOR EACH ROW EXECUTE FUNCTION decisions_unchangeable()",
)


def upgrade():
    op.create_table(
        'decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=20), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=12), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.Column('on_behalf_of_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_decisions_decided_by_id_employees')),
        sa.ForeignKeyConstraint(['on_behalf_of_id'], ['employees.id'], name=op.f('fk_decisions_on_behalf_of_id_employees')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
        sa.UniqueConstraint('subject', 'subject_id', name='uq_decisions_subject_item'),
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_decided_by_id'), ['decided_by_id'], unique=False)
    for subject, table in DECIDED:
        behalf = ("CASE WHEN approver_id <> decided_by_id THEN approver_id END"
                  if table != "overtime_reports" else "CAST(NULL AS INTEGER)")
        op.execute(
            f"INSERT INTO decisions (subject, subject_id, outcome, decided_by_id, on_behalf_of_id, decided_at, note) "
            f"SELECT '{subject}', id, CASE state WHEN 'refused' THEN 'refused' ELSE 'approved' END, decided_by_id, "
            f"{behalf}, "
            f"decided_at, COALESCE(decision_note, '') FROM {table} "
            f"WHERE decided_by_id IS NOT NULL AND decided_at IS NOT NULL AND state IN ('approved', 'refused', 'returned')")
    for statement in POSTGRES_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS decisions_no_change ON decisions")
        op.execute("DROP FUNCTION IF EXISTS decisions_unchangeable()")
    op.drop_table('decisions')

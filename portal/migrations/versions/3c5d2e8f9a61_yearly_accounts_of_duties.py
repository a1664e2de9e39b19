"""yearly accounts of duties

The yearly account of duties (述职, regulation 4 §9): a post holder's account of the year
against the post's duties and goals (kept as they stood), and the head's comment.

Revision ID: 3c5d2e8f9a61
Revises: 052b07bc75bd
Create Date: 2026-11-30 00:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c5d2e8f9a61'
down_revision = '052b07bc75bd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('yearly_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('post_title', sa.String(length=50), nullable=False),
    sa.Column('duties', sa.Text(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('account', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('commented_by_id', sa.Integer(), nullable=True),
    sa.Column('commented_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['commented_by_id'], ['employees.id'], name=op.f('fk_yearly_reviews_commented_by_id_employees')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_yearly_reviews_employee_id_employees')),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_yearly_reviews_post_id_posts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yearly_reviews')),
    sa.UniqueConstraint('employee_id', 'year', name=op.f('uq_yearly_reviews_employee_id'))
    )
    with op.batch_alter_table('yearly_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_yearly_reviews_year'), ['year'], unique=False)


def downgrade():
    with op.batch_alter_table('yearly_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_yearly_reviews_year'))

    op.drop_table('yearly_reviews')

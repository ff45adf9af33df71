"""perf

The content generation: one row whose number every `flask content sync` increments in its
transaction; the catalogue's caches are keyed by it.

Revision ID: perf
Revises: hardening
Create Date: 2026-12-04 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf'
down_revision = "hardening"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('content_generation')

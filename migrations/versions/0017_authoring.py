"""authoring

The history of content syncs (`content_syncs`): who ran each sync that changed the database
(an author's account or a command), when, its counts, what it did to learners, and the content
folder's git commit.

Revision ID: authoring
Revises: xapi
Create Date: 2026-12-04 01:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'authoring'
down_revision = "xapi"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_syncs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('command', sa.String(length=50), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('directory', sa.String(length=500), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('impact', sa.JSON(), nullable=False),
        sa.Column('git_commit', sa.String(length=64), nullable=True),
        sa.Column('dirty', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_content_syncs_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_syncs')),
    )
    with op.batch_alter_table('content_syncs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_syncs_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('content_syncs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_syncs_created_at'))
    op.drop_table('content_syncs')

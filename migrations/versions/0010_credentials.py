"""credentials

Each certificate's Open Badges 3.0 credential: the signed JSON as issued (the bytes embedded in
its PDF), the signing key, and its bit in a Bitstring Status List (unique per list).
Certificates issued before this revision get theirs with `flask credentials backfill`.

Revision ID: credentials
Revises: 0006
Create Date: 2026-12-03 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'credentials'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('status_list', sa.Integer(), nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_credentials_certificate_id_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credentials')),
    sa.UniqueConstraint('certificate_id', name=op.f('uq_credentials_certificate_id')),
    sa.UniqueConstraint('status_list', 'status_index', name=op.f('uq_credentials_status_list_status_index'))
    )


def downgrade():
    op.drop_table('credentials')

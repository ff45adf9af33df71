"""path certificates

A certificate is for a course or for a learning path: course_id becomes nullable, path_id is
added, a check constraint keeps exactly one of them set, and a partial unique index keeps one
valid certificate per learner and path (as uq_certificates_one_valid does per course).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:32:51.175865

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

VALID = "status = 'valid'"


def upgrade():
    # SQLite rebuilds the table in batch mode; the partial index is dropped first and created
    # again afterwards so that its WHERE clause never depends on index reflection.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_one_valid', sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path_id', sa.Integer(), nullable=True))
        batch_op.alter_column('course_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_path_id_learning_paths'), 'learning_paths', ['path_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_certificates_course_or_path'), '(course_id IS NULL) <> (path_id IS NULL)')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_path_id'), ['path_id'], unique=False)
        batch_op.create_index('uq_certificates_one_valid', ['user_id', 'course_id'], unique=True, sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))
        batch_op.create_index('uq_certificates_one_valid_path', ['user_id', 'path_id'], unique=True, sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))


def downgrade():
    # Fails while path certificates exist (course_id becomes NOT NULL again): revoke and
    # delete them first if a downgrade is really wanted.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_one_valid_path', sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))
        batch_op.drop_index('uq_certificates_one_valid', sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))
        batch_op.drop_index(batch_op.f('ix_certificates_path_id'))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_certificates_course_or_path'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_certificates_path_id_learning_paths'), type_='foreignkey')
        batch_op.alter_column('course_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('path_id')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('uq_certificates_one_valid', ['user_id', 'course_id'], unique=True, sqlite_where=sa.text(VALID), postgresql_where=sa.text(VALID))

"""content format, second edition

Reflection prompts (by course and id) and their texts; assignment criteria (by assignment and
id) and their texts; facilitator notes beside course, module and lesson texts; the quiz settings
`shuffle`, `draw`, `review` and the assignment settings `reviews`, `max_words` on lessons.
Existing quizzes get the defaults (`shuffle` true, `review` after-pass); the next content sync
re-renders every file (RENDER_VERSION 2) and fills the rest.

Revision ID: format
Revises: credentials
Create Date: 2026-12-03 19:28:10.450352

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'format'
down_revision = 'credentials'  # main's head after the rebase (the brief said '0006')
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('cid', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_criteria_lesson_id_lessons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria')),
    sa.UniqueConstraint('lesson_id', 'cid', name=op.f('uq_criteria_lesson_id_cid'))
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criteria_lesson_id'), ['lesson_id'], unique=False)

    op.create_table('reflection_prompts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('lesson_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_reflection_prompts_course_id_courses')),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_reflection_prompts_lesson_id_lessons')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_reflection_prompts_module_id_modules')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_prompts')),
    sa.UniqueConstraint('course_id', 'slug', name=op.f('uq_reflection_prompts_course_id_slug'))
    )
    with op.batch_alter_table('reflection_prompts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_prompts_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_prompts_lesson_id'), ['lesson_id'], unique=False)

    op.create_table('criterion_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_criterion_translations_criterion_id_criteria')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_translations')),
    sa.UniqueConstraint('criterion_id', 'locale', name=op.f('uq_criterion_translations_criterion_id_locale'))
    )
    op.create_table('reflection_prompt_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prompt_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('prompt_html', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['prompt_id'], ['reflection_prompts.id'], name=op.f('fk_reflection_prompt_translations_prompt_id_reflection_prompts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_prompt_translations')),
    sa.UniqueConstraint('prompt_id', 'locale', name=op.f('uq_reflection_prompt_translations_prompt_id_locale'))
    )
    with op.batch_alter_table('course_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facilitator_html', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('lesson_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facilitator_html', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shuffle', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('draw', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reviews', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('max_words', sa.Integer(), nullable=True))
    op.execute("UPDATE lessons SET shuffle = true, review = 'after-pass' WHERE kind = 'quiz'")

    with op.batch_alter_table('module_translations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facilitator_html', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('module_translations', schema=None) as batch_op:
        batch_op.drop_column('facilitator_html')

    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_column('max_words')
        batch_op.drop_column('reviews')
        batch_op.drop_column('review')
        batch_op.drop_column('draw')
        batch_op.drop_column('shuffle')

    with op.batch_alter_table('lesson_translations', schema=None) as batch_op:
        batch_op.drop_column('facilitator_html')

    with op.batch_alter_table('course_translations', schema=None) as batch_op:
        batch_op.drop_column('facilitator_html')

    op.drop_table('reflection_prompt_translations')
    op.drop_table('criterion_translations')
    with op.batch_alter_table('reflection_prompts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_prompts_lesson_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_prompts_course_id'))

    op.drop_table('reflection_prompts')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criteria_lesson_id'))

    op.drop_table('criteria')

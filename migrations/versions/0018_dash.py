"""dash

The trainer dashboard's counters: per cohort member (items done, last work, best scores'
sum, quizzes tried), per member and module (items done), per cohort and quiz question (first
attempts, right answers), backfilled from the progress rows. Kept up to date afterwards by
`mooc.cohorts.counters` in the transaction of each write.

Revision ID: dash
Revises: authoring
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dash'
down_revision = "authoring"
branch_labels = None
depends_on = None

# The items a cohort counts: lessons and quizzes of its course or of its path's courses, not
# archived, in modules not archived (as `mooc.cohorts.reports.scope_of`).
ITEMS = """SELECT l.id FROM lessons l JOIN modules mo ON mo.id = l.module_id
 WHERE l.archived_at IS NULL AND mo.archived_at IS NULL AND {which}
 AND l.course_id IN (SELECT c.course_id FROM cohorts c WHERE c.id = {cohort}
   UNION SELECT pc.course_id FROM path_courses pc JOIN cohorts c ON c.path_id = pc.path_id
   WHERE c.id = {cohort})"""


def items(which, cohort="cohort_members.cohort_id"):
    return ITEMS.format(which=which, cohort=cohort)


LESSONS = items("l.kind = 'lesson' AND l.required")
REQUIRED_QUIZZES = items("l.kind = 'quiz' AND l.required")
QUIZZES = items("l.kind = 'quiz'")

BACKFILL_MEMBERS = f"""
UPDATE cohort_members SET
 done = (SELECT count(*) FROM lesson_progress lp WHERE lp.user_id = cohort_members.user_id
          AND lp.lesson_id IN ({LESSONS}))
      + (SELECT count(DISTINCT qa.lesson_id) FROM quiz_attempts qa
          WHERE qa.user_id = cohort_members.user_id AND qa.passed
          AND qa.lesson_id IN ({REQUIRED_QUIZZES})),
 worked_at = (SELECT max(w.at) FROM (
     SELECT lp.completed_at AS at FROM lesson_progress lp
      WHERE lp.user_id = cohort_members.user_id AND lp.lesson_id IN ({LESSONS})
     UNION ALL
     SELECT qa.created_at FROM quiz_attempts qa
      WHERE qa.user_id = cohort_members.user_id AND qa.lesson_id IN ({QUIZZES})) w),
 score_sum = (SELECT coalesce(sum(b.best), 0) FROM (
     SELECT max(qa.score) AS best FROM quiz_attempts qa
      WHERE qa.user_id = cohort_members.user_id AND qa.lesson_id IN ({QUIZZES})
      GROUP BY qa.lesson_id) b),
 scored = (SELECT count(DISTINCT qa.lesson_id) FROM quiz_attempts qa
     WHERE qa.user_id = cohort_members.user_id AND qa.lesson_id IN ({QUIZZES}))
"""

BACKFILL_MODULES = f"""
INSERT INTO cohort_module_progress (cohort_id, user_id, module_id, done)
SELECT d.cohort_id, d.user_id, l.module_id, count(*) FROM (
  SELECT cm.cohort_id, lp.user_id, lp.lesson_id FROM cohort_members cm
    JOIN lesson_progress lp ON lp.user_id = cm.user_id
   WHERE lp.lesson_id IN ({items("l.kind = 'lesson' AND l.required", "cm.cohort_id")})
  UNION
  SELECT cm.cohort_id, qa.user_id, qa.lesson_id FROM cohort_members cm
    JOIN quiz_attempts qa ON qa.user_id = cm.user_id
   WHERE qa.passed
     AND qa.lesson_id IN ({items("l.kind = 'quiz' AND l.required", "cm.cohort_id")})
) d JOIN lessons l ON l.id = d.lesson_id
GROUP BY d.cohort_id, d.user_id, l.module_id
"""

BACKFILL_QUESTIONS = """
INSERT INTO cohort_question_counts (cohort_id, quiz_id, qid, attempts, "right")
SELECT cm.cohort_id, qa.lesson_id, e.key, count(*),
       sum(CASE WHEN CAST(e.value AS TEXT) IN ('true', '1') THEN 1 ELSE 0 END)
  FROM cohort_members cm
  JOIN quiz_attempts qa ON qa.user_id = cm.user_id AND qa.number = 1
  JOIN lessons l ON l.id = qa.lesson_id
  JOIN json_each(qa.results) e ON 1 = 1
 WHERE l.course_id IN (SELECT c.course_id FROM cohorts c WHERE c.id = cm.cohort_id
   UNION SELECT pc.course_id FROM path_courses pc JOIN cohorts c ON c.path_id = pc.path_id
   WHERE c.id = cm.cohort_id)
 GROUP BY cm.cohort_id, qa.lesson_id, e.key
"""


def upgrade():
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('worked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('score_sum', sa.Float(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('scored', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_cohort_members_cohort_done', ['cohort_id', 'done'], unique=False)
        batch_op.create_index('ix_cohort_members_cohort_worked', ['cohort_id', 'worked_at'], unique=False)
    op.create_table('cohort_module_progress',
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_module_progress_cohort_id_cohorts')),
        sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_cohort_module_progress_module_id_modules')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cohort_module_progress_user_id_users')),
        sa.PrimaryKeyConstraint('cohort_id', 'user_id', 'module_id', name=op.f('pk_cohort_module_progress')),
    )
    with op.batch_alter_table('cohort_module_progress', schema=None) as batch_op:
        batch_op.create_index('ix_cohort_module_progress_chart', ['cohort_id', 'module_id', 'done'], unique=False)
    op.create_table('cohort_question_counts',
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('quiz_id', sa.Integer(), nullable=False),
        sa.Column('qid', sa.String(length=100), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('right', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_question_counts_cohort_id_cohorts')),
        sa.ForeignKeyConstraint(['quiz_id'], ['lessons.id'], name=op.f('fk_cohort_question_counts_quiz_id_lessons')),
        sa.PrimaryKeyConstraint('cohort_id', 'quiz_id', 'qid', name=op.f('pk_cohort_question_counts')),
    )
    op.execute(BACKFILL_MEMBERS)
    op.execute(BACKFILL_MODULES)
    op.execute(BACKFILL_QUESTIONS)


def downgrade():
    op.drop_table('cohort_question_counts')
    with op.batch_alter_table('cohort_module_progress', schema=None) as batch_op:
        batch_op.drop_index('ix_cohort_module_progress_chart')
    op.drop_table('cohort_module_progress')
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.drop_index('ix_cohort_members_cohort_worked')
        batch_op.drop_index('ix_cohort_members_cohort_done')
        batch_op.drop_column('scored')
        batch_op.drop_column('score_sum')
        batch_op.drop_column('worked_at')
        batch_op.drop_column('done')

"""hardening

The media files each course's last sync recorded (the media route serves only these), and the
member cities an admin attached each trainer to (cohorts are created for those only).

Revision ID: hardening
Revises: jobs
Create Date: 2026-12-04 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'hardening'
down_revision = "jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course_media',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_media_course_id_courses')),
    sa.PrimaryKeyConstraint('course_id', 'path', name=op.f('pk_course_media'))
    )
    op.create_table('trainer_cities',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['member_cities.id'], name=op.f('fk_trainer_cities_city_id_member_cities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trainer_cities_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'city_id', name=op.f('pk_trainer_cities'))
    )
    # Trainers who already run cohorts keep working for those cities.
    op.execute(
        "INSERT INTO trainer_cities (user_id, city_id, created_at) "
        "SELECT DISTINCT t.user_id, c.city_id, CURRENT_TIMESTAMP FROM cohort_trainers t "
        "JOIN cohorts c ON c.id = t.cohort_id WHERE c.city_id IS NOT NULL"
    )


def downgrade():
    op.drop_table('trainer_cities')
    op.drop_table('course_media')

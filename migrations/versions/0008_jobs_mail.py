"""jobs and mail

The job queue's state (`jobs`: kind, parameters, progress, result, status), addresses that
unsubscribed from a category of mail (`mail_optouts`), and what cohort invitations need now
that every learner accepts hers (status, who invited, the mail's fate).

Revision ID: jobs
Revises: credentials
Create Date: 2026-12-03 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'jobs'
down_revision = 'format'  # chained after format at merge
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=100), nullable=False),
        sa.Column('subject', sa.String(length=100), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('result_file', sa.String(length=500), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=False),
        sa.Column('result_type', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('queued_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_jobs_owner_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
        sa.UniqueConstraint('key', name=op.f('uq_jobs_key'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_subject'), ['subject'], unique=False)

    op.create_table('mail_optouts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_optouts')),
        sa.UniqueConstraint('email', 'category', name=op.f('uq_mail_optouts_email_category'))
    )
    with op.batch_alter_table('mail_optouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_optouts_email'), ['email'], unique=False)

    with op.batch_alter_table('cohort_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('invited_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('sent_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_sent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('mail_status', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('bounced_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('bounce_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_cohort_invitations_invited_by_id_users'), 'users', ['invited_by_id'], ['id'])
    # Invitations accepted at registration (before consent was asked) stay accepted.
    op.execute("UPDATE cohort_invitations SET status = 'accepted' WHERE accepted_at IS NOT NULL")
    # The defaults were for the rows already there: the models set every value from now on.
    with op.batch_alter_table('cohort_invitations', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.alter_column('sent_count', server_default=None)
        batch_op.alter_column('mail_status', server_default=None)
        batch_op.alter_column('bounce_reason', server_default=None)


def downgrade():
    with op.batch_alter_table('cohort_invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cohort_invitations_invited_by_id_users'), type_='foreignkey')
        for column in ('bounce_reason', 'bounced_at', 'mail_status', 'last_sent_at', 'sent_count', 'declined_at', 'invited_by_id', 'status'):
            batch_op.drop_column(column)
    with op.batch_alter_table('mail_optouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_optouts_email'))
    op.drop_table('mail_optouts')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_subject'))
        batch_op.drop_index(batch_op.f('ix_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_jobs_owner_id'))
    op.drop_table('jobs')

"""Learner progress: one summary row per learner for the caseload (issue 17).

Revision ID: 0020_learner_progress
Revises: 0019_first_admin
Create Date: 2026-12-03 09:00:00

The rows start empty: the caseload computes a learner without a row from the
evidence itself, and `flask progress rebuild` fills them for existing data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_learner_progress"
down_revision = "0019_first_admin"
branch_labels = None
depends_on = None


def upgrade():
    """Create the learner_progress table."""
    op.create_table(
        "learner_progress",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.String(length=32), nullable=False),
        sa.Column("achieved", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("oldest_waiting_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("waiting_since", sa.Text(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_learner_progress_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_learner_progress")),
    )


def downgrade():
    """Drop the learner_progress table (it holds only derived facts)."""
    op.drop_table("learner_progress")

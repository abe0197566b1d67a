"""Caseload: cohort plans, EQA access grants (issue 14).

Revision ID: 0009_caseload
Revises: 0008_awarding_details
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_caseload"
down_revision = "0008_awarding_details"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cohort_plan",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("amber_behind", sa.Integer(), nullable=False),
        sa.Column("red_behind", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohort.id"],
            name=op.f("fk_cohort_plan_cohort_id_cohort"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_cohort_plan")),
    )
    op.create_table(
        "eqa_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grantee_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grantee_id"],
            ["user_account.id"],
            name=op.f("fk_eqa_grant_grantee_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_eqa_grant_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["user_account.id"],
            name=op.f("fk_eqa_grant_granted_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eqa_grant")),
    )
    with op.batch_alter_table("eqa_grant") as batch:
        batch.create_index(batch.f("ix_eqa_grant_grantee_id"), ["grantee_id"])
        batch.create_index(batch.f("ix_eqa_grant_learner_id"), ["learner_id"])


def downgrade():
    op.drop_table("eqa_grant")
    op.drop_table("cohort_plan")

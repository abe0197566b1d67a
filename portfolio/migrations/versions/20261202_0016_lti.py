"""LTI 1.3 platforms, deployments and launches (issue 18).

Revision ID: 0016_lti
Revises: 0015_signed_exports
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_lti"
down_revision = "0015_signed_exports"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "lti_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("client_id", sa.String(255), nullable=False),
        sa.Column("auth_login_url", sa.String(500), nullable=False),
        sa.Column("auth_token_url", sa.String(500), nullable=False),
        sa.Column("key_set_url", sa.String(500), nullable=False),
        sa.Column("deployment_ids", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platform")),
        sa.UniqueConstraint("issuer", "client_id", name=op.f("uq_lti_platform_issuer")),
    )
    op.create_table(
        "lti_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_launch_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_account_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_lti_account_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_account")),
        sa.UniqueConstraint(
            "platform_id", "subject", name=op.f("uq_lti_account_platform_id")
        ),
    )
    with op.batch_alter_table("lti_account") as batch:
        batch.create_index(batch.f("ix_lti_account_user_id"), ["user_id"])
    op.create_table(
        "lti_launch_value",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lti_launch_value")),
    )
    with op.batch_alter_table("lti_launch_value") as batch:
        batch.create_index(batch.f("ix_lti_launch_value_expires_at"), ["expires_at"])
    op.create_table(
        "lti_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sa.String(255), nullable=False),
        sa.Column("resource_link_id", sa.String(255), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("scenario_type", sa.String(20), nullable=False),
        sa.Column("difficulty", sa.String(20), nullable=False),
        sa.Column("ags_scopes", sa.Text(), nullable=False),
        sa.Column("lineitem_url", sa.String(500), nullable=True),
        sa.Column("lineitems_url", sa.String(500), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("score_given", sa.Integer(), nullable=True),
        sa.Column("score_maximum", sa.Integer(), nullable=True),
        sa.Column("score_sent_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lti_account.id"],
            name=op.f("fk_lti_activity_account_id_lti_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_lti_activity_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["simulation_run.id"],
            name=op.f("fk_lti_activity_run_id_simulation_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_activity")),
        sa.UniqueConstraint(
            "account_id",
            "resource_link_id",
            name=op.f("uq_lti_activity_account_id"),
        ),
    )
    with op.batch_alter_table("lti_activity") as batch:
        batch.create_index(batch.f("ix_lti_activity_learner_id"), ["learner_id"])
        batch.create_index(batch.f("ix_lti_activity_run_id"), ["run_id"])


def downgrade():
    op.drop_table("lti_activity")
    op.drop_table("lti_launch_value")
    op.drop_table("lti_account")
    op.drop_table("lti_platform")

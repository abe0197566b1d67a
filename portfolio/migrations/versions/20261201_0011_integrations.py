"""Integrations: scoped API tokens and Open Badges credentials (issue 18).

Revision ID: 0011_integrations
Revises: 0010_run_modes
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_integrations"
down_revision = "0010_run_modes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(
            sa.Column(
                "scope", sa.String(20), nullable=False, server_default="read_write"
            )
        )
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
    op.create_table(
        "badge_credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(36), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("sign_off_id", sa.Integer(), nullable=False),
        sa.Column("jwt", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_badge_credential_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sign_off_id"],
            ["unit_sign_off.id"],
            name=op.f("fk_badge_credential_sign_off_id_unit_sign_off"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_credential")),
        sa.UniqueConstraint("public_id", name=op.f("uq_badge_credential_public_id")),
        sa.UniqueConstraint(
            "sign_off_id", name=op.f("uq_badge_credential_sign_off_id")
        ),
    )
    with op.batch_alter_table("badge_credential") as batch:
        batch.create_index(
            batch.f("ix_badge_credential_learner_id"), ["learner_id"], unique=False
        )


def downgrade():
    op.drop_table("badge_credential")
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("scope")

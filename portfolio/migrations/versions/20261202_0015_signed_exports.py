"""Signed exports and EQA packs (issue 15).

Revision ID: 0015_signed_exports
Revises: 0014_mfa_reset
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_signed_exports"
down_revision = "0014_mfa_reset"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("portfolio_export") as batch:
        batch.add_column(
            sa.Column("signed", sa.Boolean(), server_default="0", nullable=False)
        )
    op.create_table(
        "export_share_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("recipient_email", sa.String(length=254), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("downloads", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["portfolio_export.id"],
            name=op.f("fk_export_share_link_export_id_portfolio_export"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_export_share_link_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_share_link")),
        sa.UniqueConstraint(
            "token_sha256", name=op.f("uq_export_share_link_token_sha256")
        ),
    )
    with op.batch_alter_table("export_share_link") as batch:
        batch.create_index(
            batch.f("ix_export_share_link_export_id"), ["export_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("export_share_link") as batch:
        batch.drop_index(batch.f("ix_export_share_link_export_id"))
    op.drop_table("export_share_link")
    with op.batch_alter_table("portfolio_export") as batch:
        batch.drop_column("signed")

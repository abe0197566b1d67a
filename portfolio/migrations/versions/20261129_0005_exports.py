"""Portfolio PDF exports and verification.

Revision ID: 0005_exports
Revises: 0004_assessment
Create Date: 2026-11-29 01:10:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0005_exports"
down_revision = "0004_assessment"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "portfolio_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("file_path", sa.String(length=255), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_portfolio_export_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_portfolio_export_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_export")),
        sa.UniqueConstraint("public_id", name=op.f("uq_portfolio_export_public_id")),
    )
    with op.batch_alter_table("portfolio_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_portfolio_export_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_portfolio_export_sha256"), ["sha256"], unique=False
        )


def downgrade():
    with op.batch_alter_table("portfolio_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portfolio_export_sha256"))
        batch_op.drop_index(batch_op.f("ix_portfolio_export_learner_id"))
    op.drop_table("portfolio_export")

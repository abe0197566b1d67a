"""EQA signed links: an e-mailed link with a one-time code (issue 14).

Revision ID: 0017_eqa_links
Revises: 0016_lti
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017_eqa_links"
down_revision = "0016_lti"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "eqa_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rid", sa.String(length=64), nullable=False),
        sa.Column("grantee_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("code_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grantee_id"],
            ["user_account.id"],
            name=op.f("fk_eqa_link_grantee_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["user_account.id"],
            name=op.f("fk_eqa_link_granted_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eqa_link")),
        sa.UniqueConstraint("rid", name=op.f("uq_eqa_link_rid")),
    )
    with op.batch_alter_table("eqa_link") as batch:
        batch.create_index(batch.f("ix_eqa_link_grantee_id"), ["grantee_id"])


def downgrade():
    op.drop_table("eqa_link")

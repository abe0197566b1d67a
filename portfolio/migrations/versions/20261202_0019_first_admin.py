"""First admin from the CLI and re-authentication (SECURITY #5, #10).

Revision ID: 0019_first_admin
Revises: 0018_object_storage
Create Date: 2026-12-02 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019_first_admin"
down_revision = "0018_object_storage"
branch_labels = None
depends_on = None


def upgrade():
    """A per-account MFA requirement; when a session last re-entered its password."""
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column(
                "mfa_required", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("auth_session") as batch:
        batch.add_column(
            sa.Column("reauth_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    """Drop both columns."""
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_column("reauth_at")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("mfa_required")

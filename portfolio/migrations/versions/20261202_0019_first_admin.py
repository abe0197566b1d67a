"""First admin from the CLI, re-authentication, TOTP secrets encrypted (SECURITY).

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
        # Room for the encrypted form ("f1:" and a Fernet token).
        batch.alter_column(
            "totp_secret",
            existing_type=sa.String(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )
    with op.batch_alter_table("auth_session") as batch:
        batch.add_column(
            sa.Column("reauth_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    """Drop both columns; encrypted secrets do not fit back, so those users re-enrol."""
    op.execute(
        "UPDATE user_account SET totp_secret = NULL, mfa_enabled_at = NULL "
        "WHERE totp_secret LIKE 'f1:%'"
    )
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_column("reauth_at")
    with op.batch_alter_table("user_account") as batch:
        batch.alter_column(
            "totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
        batch.drop_column("mfa_required")

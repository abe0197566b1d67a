"""MFA, password reset and upload quarantine (issue 16).

Revision ID: 0014_mfa_reset
Revises: 0013_company_world
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_mfa_reset"
down_revision = "0013_company_world"
branch_labels = None
depends_on = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    """The cascading foreign key to the user, named as the metadata names it."""
    return sa.ForeignKeyConstraint(
        ["user_id"],
        ["user_account.id"],
        name=op.f(f"fk_{table}_user_id_user_account"),
        ondelete="CASCADE",
    )


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(64)))
        batch.add_column(sa.Column("mfa_enabled_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("totp_last_step", sa.Integer()))
    with op.batch_alter_table("auth_session") as batch:
        batch.add_column(sa.Column("mfa_at", sa.DateTime(timezone=True)))
    op.create_table(
        "mfa_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        _user_fk("mfa_recovery_code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfa_recovery_code")),
    )
    with op.batch_alter_table("mfa_recovery_code") as batch:
        batch.create_index(
            batch.f("ix_mfa_recovery_code_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        _user_fk("password_reset"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_password_reset_nonce_hash")),
    )
    with op.batch_alter_table("password_reset") as batch:
        batch.create_index(
            batch.f("ix_password_reset_user_id"), ["user_id"], unique=False
        )


def downgrade():
    op.drop_table("password_reset")
    op.drop_table("mfa_recovery_code")
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_column("mfa_at")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("mfa_enabled_at")
        batch.drop_column("totp_secret")

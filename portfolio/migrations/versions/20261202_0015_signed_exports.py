"""Signed exports and EQA packs (issue 15).

Revision ID: 0015_signed_exports
Revises: 0014_mfa_reset
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0015_signed_exports"
down_revision = "0014_mfa_reset"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

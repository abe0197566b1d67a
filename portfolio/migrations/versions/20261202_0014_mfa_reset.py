"""MFA, password reset and upload quarantine (issue 16).

Revision ID: 0014_mfa_reset
Revises: 0013_company_world
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0014_mfa_reset"
down_revision = "0013_company_world"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

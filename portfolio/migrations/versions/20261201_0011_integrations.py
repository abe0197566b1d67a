"""Integrations: scoped API tokens, LTI platforms, badges (issue 18).

Revision ID: 0011_integrations
Revises: 0010_run_modes
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0011_integrations"
down_revision = "0010_run_modes"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

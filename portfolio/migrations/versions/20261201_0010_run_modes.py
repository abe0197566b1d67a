"""Simulator run modes and order lifecycle (issue 11).

Revision ID: 0010_run_modes
Revises: 0009_caseload
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0010_run_modes"
down_revision = "0009_caseload"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

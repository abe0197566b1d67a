"""LTI 1.3 platforms, deployments and launches (issue 18).

Revision ID: 0016_lti
Revises: 0015_signed_exports
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0016_lti"
down_revision = "0015_signed_exports"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

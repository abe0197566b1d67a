"""Security: sealed signed rows, MFA, password reset, quarantine (issue 16).

Revision ID: 0007_security
Revises: 0006_facts_for_lower_layers
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007_security"
down_revision = "0006_facts_for_lower_layers"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

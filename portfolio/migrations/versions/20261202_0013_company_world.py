"""Company world: personas, approver and verification state (issue 12).

Revision ID: 0013_company_world
Revises: 0012_engine_lifecycle
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0013_company_world"
down_revision = "0012_engine_lifecycle"
branch_labels = None
depends_on = None


def upgrade():
    # Nothing to store: personas, approver decisions and identity checks live in
    # the scenario and run-state JSON, whose new fields all have defaults.
    pass


def downgrade():
    pass

"""Order lifecycle documents and consequences (issue 11).

Revision ID: 0012_engine_lifecycle
Revises: 0011_integrations
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0012_engine_lifecycle"
down_revision = "0011_integrations"
branch_labels = None
depends_on = None


def upgrade():
    # No schema change: the run mode column came with 0010, and the lifecycle
    # documents (delivery notes, backorders, deposit requests, credit notes,
    # returns) and consequences live in the run's stored state JSON.
    pass


def downgrade():
    pass

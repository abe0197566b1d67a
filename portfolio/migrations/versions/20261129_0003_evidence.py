"""Evidence store, testimonies, mail outbox.

Revision ID: 0003_evidence
Revises: 0002_simulator
Create Date: 2026-11-29 01:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0003_evidence"
down_revision = "0002_simulator"
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the feature that owns this revision


def downgrade():
    pass

"""Assessment, IQA sampling, sign-off, notifications.

Revision ID: 0004_assessment
Revises: 0003_evidence
Create Date: 2026-11-29 01:10:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0004_assessment"
down_revision = "0003_evidence"
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the feature that owns this revision


def downgrade():
    pass

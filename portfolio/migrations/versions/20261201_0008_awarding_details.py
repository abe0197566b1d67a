"""Awarding details for the PDF cover: qualification, centre, ULN (issue 15).

Revision ID: 0008_awarding_details
Revises: 0007_security
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0008_awarding_details"
down_revision = "0007_security"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

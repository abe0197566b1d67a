"""Caseload: cohort plans, EQA access grants (issue 14).

Revision ID: 0009_caseload
Revises: 0008_awarding_details
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0009_caseload"
down_revision = "0008_awarding_details"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""EQA signed links and caseload views (issue 14).

Revision ID: 0017_eqa_links
Revises: 0016_lti
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0017_eqa_links"
down_revision = "0016_lti"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""Object storage and interrupted jobs (issue 17).

Revision ID: 0018_object_storage
Revises: 0017_eqa_links
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0018_object_storage"
down_revision = "0017_eqa_links"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

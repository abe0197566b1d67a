"""Object storage and interrupted jobs (issue 17).

Revision ID: 0018_object_storage
Revises: 0017_eqa_links
Create Date: 2026-12-02 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0018_object_storage"
down_revision = "0017_eqa_links"
branch_labels = None
depends_on = None


def upgrade():
    """Record who runs an export and when it last reported."""
    with op.batch_alter_table("portfolio_export") as batch:
        batch.add_column(sa.Column("runner", sa.String(length=120), nullable=True))
        batch.add_column(
            sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    """Drop the runner columns."""
    with op.batch_alter_table("portfolio_export") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("runner")

"""Index the audit trail by time: the admin dashboard reads the newest (issue 17).

Revision ID: 0021_audit_event_ts_index
Revises: 0020_learner_progress
Create Date: 2026-12-03 10:00:00

Without it, "the newest events" sorted the whole table on every admin dashboard.
"""

from alembic import op

revision = "0021_audit_event_ts_index"
down_revision = "0020_learner_progress"
branch_labels = None
depends_on = None


def upgrade():
    """Create the (ts, id) index on audit_event."""
    op.create_index("ix_audit_event_ts_id", "audit_event", ["ts", "id"])


def downgrade():
    """Drop the index."""
    op.drop_index("ix_audit_event_ts_id", table_name="audit_event")

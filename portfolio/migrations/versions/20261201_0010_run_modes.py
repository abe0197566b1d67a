"""Simulator run modes and order lifecycle (issue 11).

Revision ID: 0010_run_modes
Revises: 0009_caseload
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_run_modes"
down_revision = "0009_caseload"
branch_labels = None
depends_on = None


def upgrade():
    # Runs before modes existed were guided: practice. Tasks an assessor set
    # are assessments by default.
    with op.batch_alter_table("simulation_run") as batch:
        batch.add_column(
            sa.Column(
                "mode", sa.String(20), nullable=False, server_default="practice"
            )
        )
    with op.batch_alter_table("practice_task") as batch:
        batch.add_column(
            sa.Column(
                "mode", sa.String(20), nullable=False, server_default="assessment"
            )
        )


def downgrade():
    with op.batch_alter_table("practice_task") as batch:
        batch.drop_column("mode")
    with op.batch_alter_table("simulation_run") as batch:
        batch.drop_column("mode")

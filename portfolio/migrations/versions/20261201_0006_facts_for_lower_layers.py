"""Facts written where lower layers read them: the portfolio lock, runs in a portfolio.

Sign-off (assessment) records the lock on the enrolment, so access checks need not
read assessment tables; adding a run to the portfolio (evidence) records it on the
run, so the simulator need not read evidence tables.

Revision ID: 0006_facts_for_lower_layers
Revises: 0005_exports
Create Date: 2026-12-01 21:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006_facts_for_lower_layers"
down_revision = "0005_exports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrolment") as batch:
        batch.add_column(
            sa.Column("portfolio_locked_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("simulation_run") as batch:
        batch.add_column(
            sa.Column("in_portfolio_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE enrolment SET portfolio_locked_at = ("
        " SELECT MAX(s.locked_at) FROM unit_sign_off s"
        " WHERE s.learner_id = enrolment.learner_id"
        " AND s.locked_at IS NOT NULL AND s.unlocked_at IS NULL)"
    )
    op.execute(
        "UPDATE simulation_run SET in_portfolio_at = ("
        " SELECT MIN(e.created_at) FROM evidence_item e"
        " WHERE e.sim_run_id = simulation_run.id"
        " AND e.learner_id = simulation_run.learner_id)"
    )


def downgrade():
    with op.batch_alter_table("simulation_run") as batch:
        batch.drop_column("in_portfolio_at")
    with op.batch_alter_table("enrolment") as batch:
        batch.drop_column("portfolio_locked_at")

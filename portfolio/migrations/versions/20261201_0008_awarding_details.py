"""Awarding details for the PDF cover: qualification, centre, ULN (issue 15).

Revision ID: 0008_awarding_details
Revises: 0007_security
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_awarding_details"
down_revision = "0007_security"
branch_labels = None
depends_on = None


UNIT_COLUMNS = (
    ("reference", 40),
    ("qualification_title", 200),
    ("qualification_reference", 40),
    ("awarding_body", 120),
)


def upgrade():
    with op.batch_alter_table("unit") as batch:
        for name, length in UNIT_COLUMNS:
            batch.add_column(
                sa.Column(name, sa.String(length), nullable=False, server_default="")
            )
    with op.batch_alter_table("enrolment") as batch:
        batch.add_column(sa.Column("uln", sa.String(10), nullable=True))
        batch.add_column(sa.Column("registration_number", sa.String(40), nullable=True))
    with op.batch_alter_table("portfolio_export") as batch:
        batch.add_column(
            sa.Column(
                "include_drafts", sa.Boolean(), nullable=False, server_default="0"
            )
        )


def downgrade():
    with op.batch_alter_table("portfolio_export") as batch:
        batch.drop_column("include_drafts")
    with op.batch_alter_table("enrolment") as batch:
        batch.drop_column("registration_number")
        batch.drop_column("uln")
    with op.batch_alter_table("unit") as batch:
        for name, _length in reversed(UNIT_COLUMNS):
            batch.drop_column(name)

"""Security: sealed signed rows and triggers that refuse rewriting them (issue 16).

Revision ID: 0007_security
Revises: 0006_facts_for_lower_layers
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

from portfolio.audit.sealed import GUARDS, statements

revision = "0007_security"
down_revision = "0006_facts_for_lower_layers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("testimony", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    for statement in statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for name, table, *_ in GUARDS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        elif dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("testimony", schema=None) as batch_op:
        batch_op.drop_column("seal")

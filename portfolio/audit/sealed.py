"""Database triggers that refuse UPDATE and DELETE on signed rows (issue 16 #3).

- a testimony once signed and hashed (``state = 'signed'`` and a content hash);
- a unit sign-off once locked: its declarations and lock never change (an unlock only
  fills the unlock columns), and it is never deleted;
- a judgement: never updated (an older trigger) and never deleted.
The same statements run from migration 0007 and after ``create_all``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection

from portfolio.extensions import Model

_SIGNED = "OLD.state = 'signed' AND OLD.content_sha256 IS NOT NULL"
_DECLARED = (
    "OLD.locked_at IS NOT NULL AND ("
    "NEW.assessor_declaration {ne} OLD.assessor_declaration OR "
    "NEW.learner_declaration {ne} OLD.learner_declaration OR "
    "NEW.assessor_signed_at {ne} OLD.assessor_signed_at OR "
    "NEW.learner_signed_at {ne} OLD.learner_signed_at OR "
    "NEW.locked_at {ne} OLD.locked_at OR NEW.learner_id {ne} OLD.learner_id OR "
    "NEW.unit_id {ne} OLD.unit_id)"
)
# (trigger name, table, event, condition with {ne} for "differs", message)
GUARDS = [
    ("testimony_signed_no_update", "testimony", "UPDATE", _SIGNED, "signed testimony"),
    ("testimony_signed_no_delete", "testimony", "DELETE", _SIGNED, "signed testimony"),
    (
        "sign_off_locked_no_update",
        "unit_sign_off",
        "UPDATE",
        _DECLARED,
        "locked sign-off",
    ),
    (
        "sign_off_locked_no_delete",
        "unit_sign_off",
        "DELETE",
        "OLD.locked_at IS NOT NULL",
        "locked sign-off",
    ),
    ("judgement_no_delete", "judgement", "DELETE", "1 = 1", "judgement"),
]


def sqlite_statements() -> list[str]:
    """CREATE TRIGGER statements for SQLite."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {table} "
        f"WHEN {cond.format(ne='IS NOT')} "
        f"BEGIN SELECT RAISE(ABORT, '{what} is immutable'); END"
        for name, table, op, cond, what in GUARDS
    ]


def postgres_statements() -> list[str]:
    """Functions and triggers for PostgreSQL."""
    out = []
    for name, table, op, cond, what in GUARDS:
        out.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"IF {cond.format(ne='IS DISTINCT FROM')} THEN "
            f"RAISE EXCEPTION '{what} is immutable'; END IF; "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; "
            f"$$ LANGUAGE plpgsql"
        )
        out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        out.append(
            f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    return out


def statements(dialect: str) -> list[str]:
    """The trigger statements for ``dialect`` (none for others)."""
    return {"sqlite": sqlite_statements, "postgresql": postgres_statements}.get(
        dialect, list
    )()


@event.listens_for(Model.metadata, "after_create")
def _create_guards(_metadata: Any, connection: Connection, **_kw: Any) -> None:
    """Install the guards once every guarded table exists (``create_all``)."""
    present = set(inspect(connection).get_table_names())
    if not {"testimony", "unit_sign_off", "judgement"} <= present:
        return
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)

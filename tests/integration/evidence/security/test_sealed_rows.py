"""Signed rows cannot be rewritten: triggers refuse it, seals reveal it (issue 16 #3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portfolio.assessment.models import UnitSignOff
from portfolio.audit.sealed import GUARDS, statements
from portfolio.core.time import utcnow
from portfolio.evidence import services
from portfolio.evidence.domain import signing
from portfolio.evidence.models import Testimony
from portfolio.evidence.services.testimonies import signed_content
from portfolio.framework.models import Unit
from tests.integration.evidence.test_testimonies import _request, _sign, seed


def drop_guards(session) -> None:  # type: ignore[no-untyped-def]
    """What someone with full database rights could do before rewriting a row."""
    postgres = session.get_bind().dialect.name == "postgresql"
    for name, table, *_ in GUARDS:
        on = f" ON {table}" if postgres else ""
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}{on}"))


def restore_guards(session) -> None:  # type: ignore[no-untyped-def]
    """Put the triggers back (the PostgreSQL schema is shared by the whole run)."""
    session.rollback()
    engine = session.get_bind()
    with engine.begin() as conn:
        for statement in statements(engine.dialect.name):
            conn.exec_driver_sql(statement)


@pytest.fixture
def unguarded(session):  # type: ignore[no-untyped-def]
    """Drop the guards for one test and restore them afterwards."""
    yield lambda: drop_guards(session)
    restore_guards(session)


def _signed(session) -> Testimony:  # type: ignore[no-untyped-def]
    p = seed(session)
    item, token = _request(session, p)
    _sign(session, token)
    session.commit()
    return item.testimony


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE testimony SET statement = 'edited' WHERE id = :i",
        "UPDATE testimony SET signed_ip = '198.51.100.1' WHERE id = :i",
        "DELETE FROM testimony WHERE id = :i",
    ],
)
def test_the_database_refuses_to_rewrite_a_signed_testimony(session, sql: str) -> None:  # type: ignore[no-untyped-def]
    t = _signed(session)
    with pytest.raises(DBAPIError, match="immutable"):
        session.execute(text(sql), {"i": t.id})
    session.rollback()
    assert session.get(Testimony, t.id).statement == "I saw accurate order entry."


def test_a_rewritten_testimony_with_a_recomputed_hash_is_still_altered(
    session, db_app, unguarded
) -> None:  # type: ignore[no-untyped-def]
    t = _signed(session)
    assert not services.is_tampered(t)
    unguarded()
    t.statement = "I saw nothing at all."  # in memory only, to recompute the hash
    forged = signing.content_hash(signed_content(t))
    session.expunge(t)
    session.execute(
        text("UPDATE testimony SET statement = :s, content_sha256 = :h WHERE id = :i"),
        {"s": "I saw nothing at all.", "h": forged, "i": t.id},
    )
    session.commit()
    session.expire_all()
    assert services.is_tampered(session.get(Testimony, t.id))
    result = db_app.test_cli_runner().invoke(args=["audit-verify"])
    assert result.exit_code == 1
    assert "ALTERED" in result.output


def test_a_seal_made_with_another_key_does_not_verify(session, db_app) -> None:  # type: ignore[no-untyped-def]
    t = _signed(session)
    db_app.config["SEAL_KEY"] = "another key entirely"
    assert services.is_tampered(t)


def _locked_sign_off(session) -> UnitSignOff:  # type: ignore[no-untyped-def]
    p = seed(session)
    now = utcnow().replace(microsecond=0)
    row = UnitSignOff(
        learner_id=p["learner"].id,
        unit_id=session.scalars(select(Unit.id)).first(),
        assessor_id=p["assessor"].id,
        assessor_declaration="I confirm the unit is met.",
        assessor_signed_at=now,
        learner_declaration="This is my own work.",
        learner_signed_at=now,
        locked_at=now,
    )
    session.add(row)
    session.commit()
    return row


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE unit_sign_off SET assessor_declaration = 'x' WHERE id = :i",
        "UPDATE unit_sign_off SET locked_at = NULL WHERE id = :i",
        "DELETE FROM unit_sign_off WHERE id = :i",
    ],
)
def test_a_locked_sign_off_cannot_be_rewritten(session, sql: str) -> None:  # type: ignore[no-untyped-def]
    row = _locked_sign_off(session)
    with pytest.raises(DBAPIError, match="immutable"):
        session.execute(text(sql), {"i": row.id})
    session.rollback()


def test_a_locked_sign_off_can_still_be_unlocked_with_a_reason(session) -> None:  # type: ignore[no-untyped-def]
    row = _locked_sign_off(session)
    row.unlocked_at = utcnow()
    row.unlock_reason = "Evidence was misfiled."
    session.commit()
    assert session.get(UnitSignOff, row.id).unlock_reason == "Evidence was misfiled."

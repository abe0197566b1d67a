"""Audit trail, framework seeding and demo data on both databases."""

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from portfolio.audit.services import record_event, verify_chain
from portfolio.devdata.demo import load_demo
from portfolio.framework.domain.spec import FrameworkError
from portfolio.framework.models import Criterion, Unit
from portfolio.framework.services import load_framework

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _counts(session) -> tuple[int, int]:
    units = session.scalar(select(func.count()).select_from(Unit))
    criteria = session.scalar(select(func.count()).select_from(Criterion))
    return units, criteria


def test_seeding_twice_changes_nothing(session) -> None:
    assert load_framework(session, SEEDS / "framework.yaml") > 0
    first = _counts(session)
    snapshot = session.execute(
        select(Criterion.code, Criterion.text, Criterion.guidance).order_by(
            Criterion.id
        )
    ).all()
    assert load_framework(session, SEEDS / "framework.yaml") == 0
    assert _counts(session) == first == (1, 12)
    assert (
        session.execute(
            select(Criterion.code, Criterion.text, Criterion.guidance).order_by(
                Criterion.id
            )
        ).all()
        == snapshot
    )


def test_broken_file_writes_nothing(session, tmp_path) -> None:
    bad = tmp_path / "framework.yaml"
    bad.write_text(
        "units:\n  - code: X\n    title: T\n    criteria:\n"
        "      - {code: A, kind: marking_point, text: ok}\n"
        "      - {code: B, kind: nonsense, text: bad}\n"
    )
    with pytest.raises(FrameworkError, match=r"framework\.yaml.*kind 'nonsense'"):
        load_framework(session, bad)
    assert _counts(session) == (0, 0)
    bad.write_text("units: [unclosed")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework(session, bad)


def test_chain_verifies_and_rows_are_append_only(session) -> None:
    for i in range(50):
        record_event(
            session,
            actor=None,
            action="test.event",
            object_type="thing",
            object_id=i,
            details={"i": i, "text": "naïve ✓"},
        )
    session.commit()
    assert verify_chain(session) is None
    with pytest.raises(DBAPIError):
        session.execute(text("UPDATE audit_event SET action = 'x' WHERE id = 3"))
        session.flush()
    session.rollback()
    with pytest.raises(DBAPIError):
        session.execute(text("DELETE FROM audit_event WHERE id = 3"))
    session.rollback()


def test_tampering_through_a_bypass_is_found(session) -> None:
    for i in range(20):
        record_event(
            session, actor=None, action="test.event", object_type="thing", object_id=i
        )
    session.commit()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("DROP TRIGGER audit_event_no_update"))
    else:
        session.execute(
            text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
        )
    session.execute(
        text("UPDATE audit_event SET details = :d WHERE id = 7"), {"d": '{"i":99}'}
    )
    session.commit()
    broken = verify_chain(session)
    assert broken is not None and broken.id == 7
    if dialect == "postgresql":
        session.execute(
            text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change")
        )
        session.commit()


def test_demo_is_deterministic_and_idempotent(session) -> None:
    first = load_demo(session, seed=7)
    again = load_demo(session, seed=7)
    assert first == again
    roles = {r for login in first for r in login.roles}
    assert roles == {"learner", "supervisor", "assessor", "iqa", "admin"}
    assert all(" " in login.name for login in first)

"""Learner progress summary rows: computed from the evidence, read by the caseload.

``compute_progress`` derives a learner's facts from scratch (achievement, waiting
items, last activity) in a fixed number of queries for any number of learners;
``recompute_progress`` stores them. ``services.progress_sync`` keeps the rows in step
in the same transaction as every write and reads them back for the caseload.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Select, Table, case, delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import func

from portfolio.assessment.domain.achievement import achievement, parse_sufficiency
from portfolio.assessment.domain.progress import (
    ProgressFacts,
    encode_waiting,
    progress_facts,
    rules_key,
)
from portfolio.assessment.models import LearnerProgress
from portfolio.assessment.services.achievement import facts_for
from portfolio.assessment.services.common import criterion_specs, current_version
from portfolio.audit.models import AuditEvent
from portfolio.auth.models import Enrolment
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType
from portfolio.framework.models import Criterion, Unit
from portfolio.framework.services import default_unit

# PostgreSQL advisory lock class: one lock per learner while their row is recomputed.
_LOCK_CLASS = 4_242_017
_TABLE = cast(Table, LearnerProgress.__table__)  # a mapped class's own Table


@dataclass(frozen=True)
class Rules:
    """The criteria and sufficiency achievement is counted against, and their key."""

    criteria: tuple[CriterionSpec, ...]
    sufficiency: dict[str, int]
    key: str


# Rules built from the exact rows they were read from: the rows are fetched on
# every call (one query), only building the rules and their key is skipped.
_RULES_MEMO: dict[tuple[tuple[Any, ...], ...], Rules] = {}
_RULES_MEMO_SIZE = 8


@cache
def _rules_statement() -> Select[*tuple[Any, ...]]:
    """The default unit (the first by id) with each criterion, in order (built once)."""
    first = select(func.min(Unit.id)).scalar_subquery()
    return (
        select(
            Unit.id,
            Unit.sufficiency,
            Criterion.code,
            Criterion.kind,
            Criterion.text,
            Criterion.guidance,
            Criterion.order,
            Criterion.order_type,
        )
        .select_from(Unit)
        .outerjoin(Criterion, Criterion.unit_id == Unit.id)
        .where(Unit.id == first)
        .order_by(Criterion.order, Criterion.id)
    )


def _rules_rows(session: Session) -> tuple[tuple[Any, ...], ...]:
    """The default unit (the first by id) with each of its criteria, in order."""
    return tuple(tuple(r) for r in session.execute(_rules_statement()))


def _build_rules(rows: tuple[tuple[Any, ...], ...]) -> Rules:
    """Rules from the unit-and-criteria rows (``Criterion.spec`` field by field)."""
    unit_id, sufficiency_text = rows[0][0], rows[0][1]
    criteria = tuple(
        CriterionSpec(
            code=code,
            kind=CriterionKind(kind),
            text=text_,
            guidance=guidance,
            order=order,
            order_type=OrderType(order_type) if order_type else None,
        )
        for _u, _s, code, kind, text_, guidance, order, order_type in rows
        if code is not None
    )
    sufficiency = parse_sufficiency(sufficiency_text)
    return Rules(criteria, sufficiency, rules_key(unit_id, criteria, sufficiency))


def current_rules(session: Session) -> Rules:
    """The default unit's rules (raises ValidationError when no unit is loaded).

    One query reads the unit and its criteria; the rules built from those exact
    values are reused while they stay the same, so a changed unit or criterion
    (or another unit becoming the default) is seen at once.
    """
    rows = _rules_rows(session)
    if not rows:
        unit = default_unit(session)  # raises: no unit is loaded
        criteria = tuple(criterion_specs(session, unit.id))
        sufficiency = parse_sufficiency(unit.sufficiency)
        return Rules(criteria, sufficiency, rules_key(unit.id, criteria, sufficiency))
    found = _RULES_MEMO.get(rows)
    if found is None:
        if len(_RULES_MEMO) >= _RULES_MEMO_SIZE:
            _RULES_MEMO.clear()
        found = _RULES_MEMO[rows] = _build_rules(rows)
    return found


def _waiting_times(
    session: Session, ids: list[int]
) -> dict[int, list[datetime | None]]:
    """Per learner: the submission time of each item waiting for a decision."""
    rows = session.execute(
        select(EvidenceItem.learner_id, EvidenceVersion.submitted_at)
        .join(EvidenceVersion, current_version())
        .where(
            EvidenceItem.learner_id.in_(ids), EvidenceItem.status == Status.SUBMITTED
        )
    )
    found: dict[int, list[datetime | None]] = defaultdict(list)
    for learner_id, submitted_at in rows:
        found[learner_id].append(submitted_at)
    return found


def _last_activity(session: Session, ids: list[int]) -> dict[int, datetime]:
    """When each learner last did something that the audit trail recorded."""
    rows = session.execute(
        select(AuditEvent.actor_id, func.max(AuditEvent.ts))
        .where(AuditEvent.actor_id.in_(ids))
        .group_by(AuditEvent.actor_id)
    )
    return {int(lid): ts for lid, ts in rows if lid is not None}


def compute_progress(
    session: Session, learner_ids: Iterable[int], rules: Rules
) -> dict[int, ProgressFacts]:
    """Every learner's facts from the evidence itself, in a fixed number of queries."""
    ids = list(learner_ids)
    if not ids:
        return {}
    facts = facts_for(session, ids)
    waiting = _waiting_times(session, ids)
    last = _last_activity(session, ids)
    nothing = achievement(rules.criteria, [], rules.sufficiency)
    result = {}
    for lid in ids:
        found = facts.get(lid)
        done = (
            achievement(rules.criteria, found, rules.sufficiency) if found else nothing
        )
        result[lid] = progress_facts(
            done.achieved_count, done.total, waiting.get(lid, ()), last.get(lid)
        )
    return result


def _lock(session: Session, ids: list[int]) -> None:
    """Serialise recomputes of the same learners (PostgreSQL; SQLite has one writer).

    Taken before the facts are read, so a concurrent writer's recompute waits and
    then reads this transaction's committed changes: neither overwrites the other.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text(
            "SELECT pg_advisory_xact_lock(:c, s.id) FROM "
            "(SELECT unnest(CAST(:ids AS integer[])) AS id ORDER BY 1) AS s"
        ),
        {"c": _LOCK_CLASS, "ids": sorted(ids)},
    )


def _write(session: Session) -> Connection:
    """The transaction's connection, for writing rows that only mirror other rows.

    Written past the session on purpose: the page cache counts a bulk statement
    on the session as a change to everything, but these rows change only when
    the learner's own rows do, and those writes already mark the learner's pages.
    """
    return session.connection()


def _row(learner_id: int, facts: ProgressFacts, key: str) -> dict[str, Any]:
    """The stored form of one learner's facts."""
    return {
        "learner_id": learner_id,
        "rules_key": key,
        "achieved": facts.achieved,
        "total": facts.total,
        "waiting": facts.waiting,
        "oldest_waiting_at": facts.oldest_waiting,
        "waiting_since": encode_waiting(facts.waiting_since),
        "last_activity_at": facts.last_activity,
        "updated_at": utcnow(),
    }


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace the rows; last activity only ever moves forward.

    The audit trail is append-only, so a later time always wins: an activity
    recorded by a transaction this one could not yet see is never lost.
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(_TABLE)
    new, old = stmt.excluded.last_activity_at, _TABLE.c.last_activity_at
    updates: dict[str, Any] = {
        c: stmt.excluded[c]
        for c in ("rules_key", "achieved", "total", "waiting", "oldest_waiting_at")
        + ("waiting_since", "updated_at")
    }
    updates["last_activity_at"] = case(
        (old.is_(None), new), (new > old, new), else_=old
    )
    _write(session).execute(
        stmt.on_conflict_do_update(index_elements=["learner_id"], set_=updates), rows
    )


def recompute_progress(
    session: Session,
    learner_ids: Iterable[int],
    rules: Rules | None = None,
    *,
    lock: bool = True,
) -> dict[int, ProgressFacts]:
    """Recompute the learners' rows from scratch and store them.

    ``lock=False`` only where nothing else writes (a bulk load in one transaction,
    which would otherwise hold one lock per learner until it commits).
    """
    ids = sorted(set(learner_ids))
    if not ids:
        return {}
    rules = rules or current_rules(session)
    if lock:
        _lock(session, ids)
    facts = compute_progress(session, ids, rules)
    _upsert(session, [_row(lid, f, rules.key) for lid, f in facts.items()])
    return facts


def forget_progress(session: Session, learner_ids: Iterable[int]) -> None:
    """Drop the learners' rows, so that reads compute them (no unit to count yet)."""
    ids = list(learner_ids)
    if ids:
        _write(session).execute(delete(_TABLE).where(_TABLE.c.learner_id.in_(ids)))


def touch_activity(session: Session, seen: dict[int, datetime]) -> None:
    """Move the stored last activity forward to each actor's newest audit event."""
    col = _TABLE.c
    for actor_id, ts in seen.items():
        _write(session).execute(
            _TABLE.update()
            .where(
                col.learner_id == actor_id,
                (col.last_activity_at.is_(None)) | (col.last_activity_at < ts),
            )
            .values(last_activity_at=ts)
        )


def enrolled_batches(session: Session, size: int = 500) -> Iterator[list[int]]:
    """Every enrolled learner's id, in batches of ``size`` (for a rebuild)."""
    ids = sorted(set(session.scalars(select(Enrolment.learner_id))))
    for start in range(0, len(ids), size):
        yield ids[start : start + size]

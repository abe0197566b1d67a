"""Keep learner progress rows in step with every write, and read them back.

Evidence sits below assessment, so its services cannot call this layer; instead a
flush hook notes the learners whose facts a flush touched (items, versions,
decisions, judgements, discussions, audit events) and ``settle_progress``
recomputes their rows before the transaction commits, in that same transaction.
Reads settle first too, so a transaction always sees its own writes. Only writes
through the ORM are seen: a bulk or raw SQL write must call ``recompute_progress``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction, UOWTransaction

from portfolio.assessment.domain.progress import ProgressFacts, decode_waiting
from portfolio.assessment.models import (
    ItemDecision,
    Judgement,
    LearnerProgress,
    ProfessionalDiscussion,
)
from portfolio.assessment.services.progress import (
    Rules,
    compute_progress,
    current_rules,
    forget_progress,
    recompute_progress,
    touch_activity,
)
from portfolio.audit.models import AuditEvent
from portfolio.core.typing import Session
from portfolio.errors import DomainError
from portfolio.evidence.models import EvidenceItem, EvidenceVersion

_KEY = "learner_progress_pending"
# How often settling may find that its own flush touched more learners.
_ROUNDS = 5


def _pending(session: Session | OrmSession) -> dict[str, Any]:
    """This transaction's noted changes: learners, items, decisions, activity."""
    found: dict[str, Any] = session.info.setdefault(
        _KEY, {"learners": set(), "items": set(), "decisions": set(), "seen": {}}
    )
    return found


def _note(session: OrmSession, obj: object, is_new: bool) -> None:
    """Note whose facts ``obj`` changes."""
    if isinstance(obj, EvidenceItem | ItemDecision | ProfessionalDiscussion):
        _pending(session)["learners"].add(obj.learner_id)
    elif isinstance(obj, EvidenceVersion):
        _pending(session)["items"].add(obj.item_id)
    elif isinstance(obj, Judgement):
        _pending(session)["decisions"].add(obj.decision_id)
    elif isinstance(obj, AuditEvent) and is_new and obj.actor_id is not None:
        seen = _pending(session)["seen"]
        ts = obj.ts
        if obj.actor_id not in seen or seen[obj.actor_id] < ts:
            seen[obj.actor_id] = ts


@event.listens_for(OrmSession, "after_flush")
def _note_flush(session: OrmSession, _flush: UOWTransaction) -> None:
    """Note the learners whose progress facts this flush changed."""
    for obj in session.new:
        _note(session, obj, True)
    for obj in chain(session.dirty, session.deleted):
        _note(session, obj, False)


@event.listens_for(OrmSession, "before_commit")
def _settle_before_commit(session: OrmSession) -> None:
    """Bring the noted learners' rows up to date inside the committing transaction.

    Changes not flushed yet are flushed first: the commit's own flush comes after
    this hook, too late to be noted.
    """
    if session.info.get(_KEY) or session.new or session.dirty or session.deleted:
        settle_progress(session)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget(session: OrmSession, transaction: SessionTransaction) -> None:
    """A finished transaction leaves nothing noted (a rolled-back one wrote nothing)."""
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def _learners_of(session: Session, noted: dict[str, Any]) -> set[int]:
    """The learners behind the noted items and decisions, and those noted directly."""
    learners: set[int] = set(noted["learners"])
    if noted["items"]:
        learners.update(
            session.scalars(
                select(EvidenceItem.learner_id).where(
                    EvidenceItem.id.in_(noted["items"])
                )
            )
        )
    if noted["decisions"]:
        learners.update(
            session.scalars(
                select(ItemDecision.learner_id).where(
                    ItemDecision.id.in_(noted["decisions"])
                )
            )
        )
    return learners


def settle_progress(session: Session) -> None:
    """Recompute the rows of every learner this transaction changed (and flush).

    With no unit loaded there is nothing to count against: their rows are dropped,
    and reads compute them once there is.
    """
    for _ in range(_ROUNDS):
        session.flush()
        noted = session.info.pop(_KEY, None)
        if not noted:
            return
        learners = _learners_of(session, noted)
        if learners:
            _recompute_or_forget(session, learners)
        seen: dict[int, datetime] = noted["seen"]
        touch_activity(session, seen)


def _recompute_or_forget(session: Session, learners: set[int]) -> None:
    """Recompute the learners' rows; drop them if there is no unit to count against."""
    try:
        rules: Rules | None = current_rules(session)
    except DomainError:
        rules = None
    if rules is None:
        forget_progress(session, learners)
    else:
        recompute_progress(session, learners, rules)


# What a stored row holds, in the order ``stored_facts`` reads it back.
STORED_COLUMNS = (
    LearnerProgress.achieved,
    LearnerProgress.total,
    LearnerProgress.waiting,
    LearnerProgress.waiting_since,
    LearnerProgress.last_activity_at,
)


def stored_facts(values: Sequence[Any]) -> ProgressFacts | None:
    """Facts from the ``STORED_COLUMNS`` of a row (None: no row, e.g. outer joined)."""
    achieved, total, waiting, since, last = values
    if achieved is None:
        return None
    return ProgressFacts(achieved, total, waiting, decode_waiting(since), last)


def _stored(session: Session, ids: list[int], key: str) -> dict[int, ProgressFacts]:
    """The learners' stored rows that were counted under rules ``key``."""
    rows = session.execute(
        select(LearnerProgress.learner_id, *STORED_COLUMNS).where(
            LearnerProgress.learner_id.in_(ids), LearnerProgress.rules_key == key
        )
    )
    found: dict[int, ProgressFacts] = {}
    for lid, *values in rows:
        facts = stored_facts(values)
        if facts is not None:
            found[lid] = facts
    return found


def progress_for(
    session: Session, learner_ids: Iterable[int]
) -> dict[int, ProgressFacts]:
    """Each learner's facts from their row; a missing or outdated row is computed.

    Changes this transaction made are settled first, so the caller sees its own
    writes. The queries are the same however many learners (and rows missing).
    """
    ids = list(learner_ids)
    if not ids:
        return {}
    settle_progress(session)
    rules = current_rules(session)
    found = _stored(session, ids, rules.key)
    missing = [lid for lid in ids if lid not in found]
    found.update(compute_progress(session, missing, rules))
    return found

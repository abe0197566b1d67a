"""A learner's audit trail in sentences, filtered, with the hash chain verified."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from portfolio.assessment.domain.audit_sentences import (
    KIND_LABELS,
    Detail,
    kind_of,
    readable_details,
    sentence,
)
from portfolio.assessment.models import ItemDecision
from portfolio.assessment.services.common import require_reader_of
from portfolio.audit import services as audit
from portfolio.audit.models import AuditEvent
from portfolio.auth.models import User, UserRole
from portfolio.core.roles import ROLE_LABELS, Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.evidence.models import EvidenceItem, EvidenceVersion, Testimony


@dataclass(frozen=True)
class AuditLine:
    """One event as the page shows it."""

    id: int
    when: datetime
    who: str
    role: str
    before: str
    title: str | None
    after: str
    item_id: int | None
    kind: str
    details: tuple[Detail, ...]


@dataclass(frozen=True)
class AuditFilters:
    """What the reader narrowed the trail to."""

    person: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditTrail:
    """A learner's events in sentences plus the result of verifying the chain."""

    lines: list[AuditLine]
    people: list[tuple[int, str]]
    kinds: dict[str, str]
    intact: bool
    broken_at: int | None
    reason: str | None
    checked: int
    checked_at: datetime


def _where(learner_id: int, f: AuditFilters) -> list[Any]:
    """SQL conditions for the learner's events under the filters."""
    where: list[Any] = [AuditEvent.learner_id == learner_id]
    if f.person is not None:
        where.append(AuditEvent.actor_id == f.person)
    if f.kind == "other":
        where.append(
            func.substr(
                AuditEvent.action, 1, func.instr(AuditEvent.action, ".") - 1
            ).not_in(list(KIND_LABELS))
        )
    elif f.kind in KIND_LABELS:
        where.append(AuditEvent.action.startswith(f"{f.kind}."))
    if f.since:
        where.append(AuditEvent.ts >= datetime.combine(f.since, time.min))
    if f.until:
        where.append(AuditEvent.ts < datetime.combine(f.until + timedelta(1), time.min))
    return where


def _item_ids(session: Session, events: list[AuditEvent]) -> dict[int, int]:
    """The evidence item each event is about (event id -> item id), in 2 queries."""
    found: dict[int, int] = {}
    tids: dict[int, int] = {}
    dids: dict[int, int] = {}
    for e in events:
        details = json.loads(e.details or "{}")
        if e.object_type == "evidence_item" and e.object_id:
            found[e.id] = int(e.object_id)
        elif e.object_type == "item_decision" and "item" in details:
            found[e.id] = int(details["item"])
        elif e.object_type == "testimony" and e.object_id:
            tids[e.id] = int(e.object_id)
        elif e.object_type == "iqa_sample" and "decision" in details:
            dids[e.id] = int(details["decision"])
    t_items = _items_of(session, Testimony, tids.values())
    d_items = _items_of(session, ItemDecision, dids.values())
    found |= {e: t_items[t] for e, t in tids.items() if t in t_items}
    found |= {e: d_items[d] for e, d in dids.items() if d in d_items}
    return found


def _items_of(
    session: Session, model: type[Testimony] | type[ItemDecision], ids: Iterable[int]
) -> dict[int, int]:
    """The item of each testimony or decision in ``ids`` (no query for none)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(
        session.execute(
            select(model.id, model.item_id).where(model.id.in_(wanted))
        ).all()
    )


def _titles(session: Session, item_ids: Iterable[int]) -> dict[int, str]:
    """Current titles of the items, in one query (none for no items)."""
    item_ids = set(item_ids)
    if not item_ids:
        return {}
    return dict(
        session.execute(
            select(EvidenceItem.id, EvidenceVersion.title)
            .join(
                EvidenceVersion,
                (EvidenceVersion.item_id == EvidenceItem.id)
                & (EvidenceVersion.number == EvidenceItem.current_number),
            )
            .where(EvidenceItem.id.in_(item_ids))
        ).all()
    )


def _role_label(role: str) -> str:
    """A stored role as a person reads it."""
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def _people(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """Name and roles of each actor, in two queries."""
    names = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_(ids))
        ).all()
    )
    roles: dict[int, list[str]] = {}
    for uid, role in session.execute(
        select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids))
    ):
        roles.setdefault(uid, []).append(_role_label(role))
    return {i: (names[i], ", ".join(sorted(roles.get(i, [])))) for i in names}


def _unnamed(label: str) -> tuple[str, str]:
    """Name and role of an actor without an account: a witness, or the system."""
    if "@" in label:
        return label, "Witness"
    return "The system", ""


def _line(
    e: AuditEvent, who: tuple[str, str] | None, item: int | None, title: str | None
) -> AuditLine:
    """One event as a sentence."""
    details = json.loads(e.details or "{}")
    before, _, after = sentence(e.action, details).partition("{obj}")
    name, role = who or _unnamed(e.actor_label)
    return AuditLine(
        e.id,
        e.ts,
        name,
        role,
        before.rstrip(),
        title if item else None,
        after,
        item,
        kind_of(e.action),
        readable_details(details),
    )


def learner_audit(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    filters: AuditFilters | None = None,
    limit: int = 500,
) -> AuditTrail:
    """The learner's audit trail in sentences, with the chain verified now."""
    require_reader_of(session, actor, learner_id)
    f = filters or AuditFilters()
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(*_where(learner_id, f))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
    actor_ids = set(
        session.scalars(
            select(AuditEvent.actor_id)
            .where(
                AuditEvent.learner_id == learner_id, AuditEvent.actor_id.is_not(None)
            )
            .distinct()
        )
    )
    people = _people(session, {i for i in actor_ids if i is not None})
    items = _item_ids(session, events)
    titles = _titles(session, items.values())
    lines = [
        _line(
            e,
            people.get(e.actor_id or 0),
            items.get(e.id),
            titles.get(items.get(e.id, 0)),
        )
        for e in events
    ]
    broken = audit.verify_chain(session)
    checked = session.scalar(select(func.count(AuditEvent.id))) or 0
    return AuditTrail(
        lines,
        sorted(((i, n) for i, (n, _) in people.items()), key=lambda p: p[1]),
        {**KIND_LABELS, "other": "Other"},
        broken is None,
        None if broken is None else broken.id,
        None if broken is None else broken.reason,
        checked,
        utcnow(),
    )


def recent_activity(session: Session, *, limit: int = 8) -> list[AuditLine]:
    """The centre's newest changes in sentences (sign-ins left out), for admins."""
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.not_like("auth.%"))
            .order_by(AuditEvent.ts.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )
    people = _people(session, {e.actor_id for e in events if e.actor_id is not None})
    items = _item_ids(session, events)
    titles = _titles(session, items.values())
    return [
        _line(
            e,
            people.get(e.actor_id or 0),
            items.get(e.id),
            titles.get(items.get(e.id, 0)),
        )
        for e in events
    ]

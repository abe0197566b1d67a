"""The queue of submitted evidence across an assessor's caseload, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.domain.rag import TURNAROUND_DAYS
from portfolio.assessment.services.caseload import bound_caseload_scope
from portfolio.assessment.services.common import current_version
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceClaim, EvidenceItem, EvidenceVersion
from portfolio.framework.models import Criterion


@cache
def _queue_filter(
    admin: bool, one_learner: bool, overdue: bool
) -> tuple[ColumnElement[bool], ...]:
    """The queue's filter: submitted items of the caseload (one learner, overdue).

    Built once per kind of actor and filter; bound with ``_filter_values``.
    """
    learners = select(Enrolment.learner_id).where(*bound_caseload_scope(admin))
    where = [
        EvidenceItem.status == Status.SUBMITTED,
        EvidenceItem.learner_id.in_(learners),
    ]
    if one_learner:
        where.append(EvidenceItem.learner_id == bindparam("learner_id", type_=Integer))
    if overdue:
        where.append(
            EvidenceVersion.submitted_at
            < bindparam("cutoff", type_=EvidenceVersion.submitted_at.type)
        )
    return tuple(where)


def _filter_of(
    actor: User, learner_id: int | None, overdue: bool
) -> tuple[tuple[ColumnElement[bool], ...], dict[str, Any]]:
    """The actor's queue filter and the values it is bound with."""
    where = _queue_filter(actor.has_role(Role.ADMIN), learner_id is not None, overdue)
    values = {
        "actor_id": actor.id,
        "learner_id": learner_id,
        "cutoff": utcnow() - timedelta(days=TURNAROUND_DAYS),
    }
    return where, values


def evidence_queue(
    session: Session,
    *,
    actor: User,
    page: int = 1,
    per_page: int = 25,
    learner_id: int | None = None,
    overdue: bool = False,
) -> tuple[list[EvidenceItem], int]:
    """Submitted items across the actor's caseload, oldest submission first.

    ``learner_id`` narrows to one learner; ``overdue`` to items waiting longer than
    the turnaround, so that each caseload count links to exactly what it counts.
    """
    where, values = _filter_of(actor, learner_id, overdue)
    total = _queue_total(session, where, values)
    stmt = (
        select(EvidenceItem)
        .join(EvidenceVersion, current_version())
        .where(*where)
        .options(
            # names only: the learners' roles are not read here
            joinedload(EvidenceItem.learner).lazyload(User.role_rows),
            selectinload(EvidenceItem.current).selectinload(EvidenceVersion.claims),
        )
        .order_by(EvidenceVersion.submitted_at, EvidenceItem.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(session.scalars(stmt, values).unique()), total


@dataclass(frozen=True)
class QueueRow:
    """One submitted item as the queue page shows it (only the columns it reads)."""

    item_id: int
    title: str
    number: int
    learner_name: str
    kind: str
    submitted_at: datetime | None
    claims: tuple[str, ...]


@cache
def _queue_page(
    admin: bool, one_learner: bool, overdue: bool
) -> Select[*tuple[Any, ...]]:
    """The queue page's statement for one kind of actor and filter (built once).

    Bound: the filter's values (``_filter_of``), ``limit`` and ``offset``.
    """
    paged = (
        select(
            EvidenceItem.id.label("item_id"),
            EvidenceVersion.title,
            EvidenceItem.current_number,
            User.display_name,
            EvidenceItem.kind,
            EvidenceVersion.submitted_at,
            EvidenceVersion.id.label("version_id"),
            func.count().over().label("total"),
        )
        .join(EvidenceVersion, current_version())
        .join(User, User.id == EvidenceItem.learner_id)
        .where(*_queue_filter(admin, one_learner, overdue))
        .order_by(EvidenceVersion.submitted_at, EvidenceItem.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
    )
    return (
        select(paged, Criterion.code)
        .outerjoin(EvidenceClaim, EvidenceClaim.version_id == paged.c.version_id)
        .outerjoin(Criterion, Criterion.id == EvidenceClaim.criterion_id)
        .order_by(paged.c.submitted_at, paged.c.item_id, EvidenceClaim.id)
    )


def queue_rows(
    session: Session,
    *,
    actor: User,
    page: int = 1,
    per_page: int = 25,
    learner_id: int | None = None,
    overdue: bool = False,
) -> tuple[list[QueueRow], int]:
    """The queue page's rows and total, as ``evidence_queue`` orders and counts them.

    One query: the page of items with the total (a window count), joined with the
    codes each one claims. Only a page past the end needs a second, to count.
    """
    where, values = _filter_of(actor, learner_id, overdue)
    stmt = _queue_page(actor.has_role(Role.ADMIN), learner_id is not None, overdue)
    paging = {"limit": per_page, "offset": (max(page, 1) - 1) * per_page}
    rows = session.execute(stmt, {**values, **paging}).all()
    if not rows:
        total = 0 if page <= 1 else _queue_total(session, where, values)
        return [], total
    found: dict[int, tuple[Any, list[str]]] = {}
    for row in rows:  # one row per claim, a row's claims one after another
        _first, codes = found.setdefault(row.item_id, (row, []))
        if row.code is not None:
            codes.append(row.code)
    items = [
        QueueRow(
            r.item_id,
            r.title,
            r.current_number,
            r.display_name,
            r.kind,
            r.submitted_at,
            tuple(codes),
        )
        for r, codes in found.values()
    ]
    return items, int(rows[0].total)


def _queue_total(
    session: Session,
    where: tuple[ColumnElement[bool], ...],
    values: dict[str, Any],
) -> int:
    """How many items the queue's filter matches."""
    stmt = (
        select(func.count(EvidenceItem.id))
        .join(EvidenceVersion, current_version())
        .where(*where)
    )
    return session.scalar(stmt, values) or 0

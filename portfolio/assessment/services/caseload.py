"""The assessor's caseload with progress, and the queue of submitted evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.domain.achievement import Achievement
from portfolio.assessment.domain.rag import Rag, rag_status
from portfolio.assessment.services.achievement import achievements_for
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import as_utc
from portfolio.core.typing import Session
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem, EvidenceVersion


@dataclass(frozen=True)
class CaseloadRow:
    """One learner on the caseload with their progress."""

    enrolment: Enrolment
    achievement: Achievement
    waiting: int
    last_activity: datetime | None
    days_since: int | None
    rag: Rag


def _scope(actor: User) -> list[ColumnElement[bool]]:
    """Enrolments the actor assesses (admins see every assessed learner)."""
    if actor.has_role(Role.ADMIN):
        return [Enrolment.assessor_id.is_not(None)]
    return [Enrolment.assessor_id == actor.id, Enrolment.learner_id != actor.id]


def caseload(session: Session, *, actor: User, today: date) -> list[CaseloadRow]:
    """Every learner the actor assesses, with progress, in a fixed number of queries."""
    enrolments = list(
        session.scalars(
            select(Enrolment)
            .where(*_scope(actor))
            .options(joinedload(Enrolment.learner), joinedload(Enrolment.cohort))
            .join(User, User.id == Enrolment.learner_id)
            .order_by(User.display_name, Enrolment.id)
        ).unique()
    )
    ids = [e.learner_id for e in enrolments]
    if not ids:
        return []
    progress = achievements_for(session, ids)
    stats = {
        lid: (waiting or 0, last)
        for lid, waiting, last in session.execute(
            select(
                EvidenceItem.learner_id,
                func.sum(case((EvidenceItem.status == Status.SUBMITTED, 1), else_=0)),
                func.max(EvidenceItem.updated_at),
            )
            .where(EvidenceItem.learner_id.in_(ids))
            .group_by(EvidenceItem.learner_id)
        )
    }
    rows = []
    for e in enrolments:
        waiting, last = stats.get(e.learner_id, (0, None))
        days = (today - as_utc(last).date()).days if last else None
        done = progress[e.learner_id]
        rows.append(
            CaseloadRow(
                e,
                done,
                int(waiting),
                last,
                days,
                rag_status(done.fraction, e.start_date, e.planned_end_date, today),
            )
        )
    return rows


def evidence_queue(
    session: Session, *, actor: User, page: int = 1, per_page: int = 25
) -> tuple[list[EvidenceItem], int]:
    """Submitted items across the actor's caseload, oldest submission first."""
    learners = select(Enrolment.learner_id).where(*_scope(actor))
    where = [
        EvidenceItem.status == Status.SUBMITTED,
        EvidenceItem.learner_id.in_(learners),
    ]
    total = session.scalar(select(func.count(EvidenceItem.id)).where(*where)) or 0
    stmt = (
        select(EvidenceItem)
        .join(
            EvidenceVersion,
            and_(
                EvidenceVersion.item_id == EvidenceItem.id,
                EvidenceVersion.number == EvidenceItem.current_number,
            ),
        )
        .where(*where)
        .options(
            joinedload(EvidenceItem.learner),
            selectinload(EvidenceItem.current).selectinload(EvidenceVersion.claims),
        )
        .order_by(EvidenceVersion.submitted_at, EvidenceItem.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(session.scalars(stmt).unique()), total

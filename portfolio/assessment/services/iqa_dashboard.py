"""The IQA's dashboard: samples due and overdue per assessor, and agreement rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.domain.sampling import SampleState
from portfolio.assessment.models import Sample
from portfolio.assessment.services.sampling import require_iqa
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session

# A sample left this long after selection is overdue.
SAMPLE_DAYS = 14


@dataclass(frozen=True)
class AssessorSampling:
    """One assessor's samples: due, overdue, and how often the IQA agreed."""

    assessor_id: int
    name: str
    due: int
    overdue: int
    agreed: int
    sent_back: int

    @property
    def agreement(self) -> int | None:
        """Agreed samples as a percentage of decided ones (None before any)."""
        decided = self.agreed + self.sent_back
        return round(100 * self.agreed / decided) if decided else None


def overdue_cutoff() -> datetime:
    """Samples selected before this moment are overdue."""
    return utcnow() - timedelta(days=SAMPLE_DAYS)


def _sum(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """How many rows of the group meet ``condition``."""
    return func.sum(case((condition, 1), else_=0))


def sampling_by_assessor(session: Session, *, actor: User) -> list[AssessorSampling]:
    """Per assessor (never the actor), in one query: due, overdue, agreement."""
    require_iqa(actor)
    due = Sample.state == SampleState.DUE
    stmt = (
        select(
            User.id,
            User.display_name,
            _sum(due),
            _sum(due & (Sample.selected_at < overdue_cutoff())),
            _sum(Sample.state == SampleState.AGREED),
            _sum(Sample.state == SampleState.SENT_BACK),
        )
        .join(User, User.id == Sample.assessor_id)
        .where(Sample.assessor_id != actor.id)
        .group_by(User.id, User.display_name)
        .order_by(User.display_name)
    )
    return [
        AssessorSampling(int(r[0]), str(r[1]), *(int(v or 0) for v in r[2:]))
        for r in session.execute(stmt)
    ]

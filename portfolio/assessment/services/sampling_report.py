"""The IQA's sampling report: decisions and sample outcomes per assessor and cohort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.domain.sampling import SampleState
from portfolio.assessment.models import ItemDecision, Sample
from portfolio.assessment.services.sampling import require_iqa
from portfolio.auth.models import Cohort, Enrolment, User
from portfolio.core.typing import Session


@dataclass(frozen=True)
class ReportRow:
    """Sampling figures for one assessor or cohort."""

    label: str
    decisions: int
    sampled: int
    agreed: int
    sent_back: int
    due: int

    @property
    def rate(self) -> int:
        """Share of decisions sampled, in percent."""
        return round(100 * self.sampled / self.decisions) if self.decisions else 0


def _count(state: SampleState) -> ColumnElement[Any]:
    """How many of a group's samples are in ``state``."""
    return func.sum(case((Sample.state == state, 1), else_=0))


def _report(
    session: Session, label_col: Any, join_target: Any, on: ColumnElement[bool]
) -> list[ReportRow]:
    """Decisions and sample outcomes grouped by one label."""
    stmt = (
        select(
            label_col,
            func.count(ItemDecision.id),
            func.count(Sample.id),
            _count(SampleState.AGREED),
            _count(SampleState.SENT_BACK),
            _count(SampleState.DUE),
        )
        .select_from(ItemDecision)
        .outerjoin(Sample, Sample.decision_id == ItemDecision.id)
        .join(join_target, on)
        .group_by(label_col)
        .order_by(label_col)
    )
    return [
        ReportRow(str(r[0]), *(int(v or 0) for v in r[1:]))
        for r in session.execute(stmt)
    ]


def sampling_report(session: Session, *, actor: User) -> dict[str, list[ReportRow]]:
    """Figures per assessor and per cohort."""
    require_iqa(actor)
    by_assessor = _report(
        session, User.display_name, User, User.id == ItemDecision.assessor_id
    )
    cohort_join = (
        select(Enrolment.learner_id, Cohort.name.label("cohort"))
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .subquery()
    )
    by_cohort = _report(
        session,
        cohort_join.c.cohort,
        cohort_join,
        cohort_join.c.learner_id == ItemDecision.learner_id,
    )
    return {"assessors": by_assessor, "cohorts": by_cohort}

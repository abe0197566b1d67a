"""Read one learner's portfolio from the database into a plain PortfolioReport.

Evidence comes from ``portfolio.evidence``. Assessment decisions (per criterion and
accept/return), unit sign-off, IQA samples and professional discussion records come
from the tables of ``portfolio.assessment`` (read here, never written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from portfolio.assessment.domain.coverage import build_matrix, criterion_coverage
from portfolio.assessment.services.achievement import achievement_for
from portfolio.assessment.services.coverage import item_ref
from portfolio.auth import scopes
from portfolio.auth.models import Enrolment, User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services.queries import item_options
from portfolio.exports.domain import report as r
from portfolio.exports.domain.matrix import MatrixEntry, MatrixRow
from portfolio.exports.services.assessment_records import (
    Decided,
    Signed,
    decisions_by_criterion,
    discussion_sections,
    item_outcomes,
    latest_decisions,
    name_of,
    sampling_records,
    signoff_notes,
    signoff_summary,
    unit_signoff,
)
from portfolio.exports.services.evidence_sections import evidence_section
from portfolio.framework.models import Criterion, Unit
from portfolio.framework.services import default_unit

LEARNER_TEXT = (
    "I confirm that the evidence in this portfolio is my own work, produced "
    "by me in the workplace or the simulator, and that witnesses named in it "
    "saw what their testimonies describe."
)
ASSESSOR_TEXT = (
    "I confirm that I have assessed this evidence against the unit's criteria, "
    "that it is valid, authentic, current and sufficient, and that the learner "
    "has achieved the unit."
)


@dataclass(frozen=True)
class ExportContext:
    """Who exports, when and for which centre (printed on the cover)."""

    centre: str
    exported_by: str
    exported_at: datetime | None = None
    centre_number: str = ""
    iqa_name: str = ""


def _matrix(
    unit_criteria: Sequence[Criterion],
    items: list[EvidenceItem],
    decided: Decided,
    achieved: set[str],
) -> tuple[MatrixRow, ...]:
    """Coverage rows read like the web coverage view: a state per criterion and item.

    ``achieved``: the codes the unit counts as achieved (sufficiency included).
    """
    specs = [c.spec for c in unit_criteria]
    states: dict[tuple[int, str], str] = {
        key: d.outcome.replace("not_yet_met", "not_met") for key, d in decided.items()
    }
    refs = tuple(item_ref(i) for i in items)
    matrix = build_matrix(specs, refs, states)
    rows = []
    for row in matrix.rows:
        code = row.criterion.code
        summary = criterion_coverage(row, matrix.items, code in achieved)
        entries = tuple(
            MatrixEntry(f"E{ref.id}", ref.title, state.value, state.label)
            for ref, state in summary.items
        )
        rows.append(
            MatrixRow(
                code,
                row.criterion.text,
                code in achieved,
                entries,
                summary.state.value,
                summary.state.label,
            )
        )
    return tuple(rows)


def _declarations(
    learner: User, assessor: User | None, signed: Signed
) -> tuple[r.Declaration, ...]:
    """The authenticity and sign-off declarations, as signed (if they were)."""
    return (
        r.Declaration(
            "Learner's declaration of authenticity",
            signed.learner_text or LEARNER_TEXT,
            learner.display_name,
            "Learner",
            signed.learner,
        ),
        r.Declaration(
            "Assessor's sign-off",
            signed.assessor_text or ASSESSOR_TEXT,
            name_of(assessor),
            "Assessor",
            signed.assessor,
        ),
    )


def _status(signed: Signed, achieved: int, of: int) -> str:
    """The portfolio's state for the cover."""
    if signed.locked:
        return "Signed off"
    if signed.assessor:
        return "Signed off by the assessor; awaiting the learner's declaration"
    return f"In progress: {achieved} of {of} criteria achieved"


def _cover(
    learner: User,
    enrolment: Enrolment,
    unit: Unit,
    status: str,
    signed: Signed,
    context: ExportContext,
) -> r.Cover:
    """The cover page of the report."""
    return r.Cover(
        learner_name=learner.display_name,
        learner_email=learner.email,
        unit_code=unit.code,
        unit_title=unit.title,
        centre=context.centre,
        assessor_name=name_of(enrolment.assessor),
        supervisor_name=name_of(enrolment.supervisor),
        cohort=enrolment.cohort.name if enrolment.cohort else "",
        status=status,
        start_date=enrolment.start_date,
        planned_end_date=enrolment.planned_end_date,
        signed_off_at=signed.locked,
        exported_at=context.exported_at or utcnow(),
        exported_by=context.exported_by,
        unit_reference=unit.reference,
        qualification_title=unit.qualification_title,
        qualification_reference=unit.qualification_reference,
        awarding_body=unit.awarding_body,
        centre_number=context.centre_number,
        uln=enrolment.uln or "",
        registration_number=enrolment.registration_number or "",
        iqa_name=context.iqa_name,
    )


ASSESSABLE = (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)


def is_evidence(item: EvidenceItem) -> bool:
    """A testimony counts only once its witness has signed it."""
    if item.kind != Kind.WITNESS_TESTIMONY:
        return True
    return item.testimony is not None and item.testimony.state == TestimonyState.SIGNED


def _items(
    session: Session, learner_id: int, unit_id: int, *, drafts: bool = False
) -> list[EvidenceItem]:
    """Submitted and assessed items (drafts too if asked), oldest first."""
    statuses = (*ASSESSABLE, Status.DRAFT) if drafts else ASSESSABLE
    rows = session.scalars(
        select(EvidenceItem)
        .where(
            EvidenceItem.learner_id == learner_id,
            EvidenceItem.unit_id == unit_id,
            EvidenceItem.status.in_([s.value for s in statuses]),
        )
        .options(*item_options())
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )
    return [item for item in rows if is_evidence(item)]


def _criteria(unit: Unit, achieved: set[str]) -> tuple[r.CriterionInfo, ...]:
    """The unit's criteria, each marked achieved or not."""
    return tuple(
        r.CriterionInfo(c.code, c.kind, c.text, c.order_type, c.code in achieved)
        for c in (row.spec for row in unit.criteria)
    )


def _learner(session: Session, learner_id: int) -> tuple[User, Enrolment]:
    """The learner and their enrolment, or NotFoundError."""
    learner = session.get(User, learner_id)
    enrolment = session.scalar(
        select(Enrolment).where(Enrolment.learner_id == learner_id)
    )
    if learner is None or enrolment is None:
        raise NotFoundError(f"learner {learner_id}")
    return learner, enrolment


def build_report(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    storage_root: Path,
    centre: str,
    exported_at: datetime | None = None,
    drafts: bool = False,
    centre_number: str = "",
) -> r.PortfolioReport:
    """The plain report of one learner's portfolio, as ``actor`` may see it.

    Drafts are included only when the learner exports their own portfolio.
    """
    if not scopes.can_export_portfolio(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    learner, enrolment = _learner(session, learner_id)
    unit = default_unit(session)
    drafts = drafts and actor.id == learner_id
    items = _items(session, learner_id, unit.id, drafts=drafts)
    latest = latest_decisions(session, items)
    decided, outcomes = decisions_by_criterion(latest), item_outcomes(latest)
    done = achievement_for(session, learner_id)
    achieved = {c.code for c in done.criteria if c.achieved}
    matrix = _matrix(unit.criteria, items, decided, achieved)
    signoff = unit_signoff(session, learner_id, unit.id)
    signed = signoff_summary(signoff)
    status = _status(signed, len(achieved), len(matrix))
    sampling = sampling_records(session, learner_id)
    iqas = sorted({s.iqa_name for s in sampling if s.iqa_name})
    context = ExportContext(
        centre, actor.display_name, exported_at, centre_number, ", ".join(iqas)
    )
    notes = signoff_notes(signoff)
    if not decided:
        notes += ("No assessment decisions have been recorded for this portfolio yet.",)
    sections = tuple(
        evidence_section(i, decided, outcomes.get(i.id), storage_root) for i in items
    )
    return r.PortfolioReport(
        cover=_cover(learner, enrolment, unit, status, signed, context),
        declarations=_declarations(learner, enrolment.assessor, signed),
        criteria=_criteria(unit, achieved),
        matrix=matrix,
        evidence=sections + discussion_sections(session, learner_id),
        sampling=sampling,
        notes=notes,
        drafts=drafts,
    )

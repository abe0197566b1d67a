"""Read one learner's portfolio from the database into a plain PortfolioReport.

Evidence comes from ``portfolio.evidence``. Assessment decisions (per criterion and
accept/return), unit sign-off, IQA samples and professional discussion records come
from the tables of ``portfolio.assessment`` (read here, never written).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.auth.models import Enrolment, User
from portfolio.errors import NotFoundError
from portfolio.evidence import rules
from portfolio.evidence.matrix import ACHIEVED, CriterionRef, build_matrix
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.evidence.rendering import render_markdown
from portfolio.evidence.services.common import default_unit, item_options
from portfolio.evidence.services.coverage import item_ref
from portfolio.evidence.services.testimonies import is_tampered
from portfolio.exports import report as r
from portfolio.exports.assessment_records import (
    OUTCOMES,
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
from portfolio.pdf.appendix import pdf_page_count
from portfolio.core.time import utcnow

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
KIND_MAP = {
    rules.Kind.WORK_PRODUCT: r.EvidenceKind.WORK_PRODUCT,
    rules.Kind.WITNESS_TESTIMONY: r.EvidenceKind.TESTIMONY,
    rules.Kind.REFLECTION: r.EvidenceKind.REFLECTION,
    rules.Kind.PROFESSIONAL_DISCUSSION: r.EvidenceKind.DISCUSSION,
    rules.Kind.OBSERVATION: r.EvidenceKind.OBSERVATION,
}


def _stored_file(version: EvidenceVersion, storage_root: Path) -> r.StoredFile:
    """The version's uploaded file and how the export includes it."""
    sha = version.file_sha256 or ""
    relative = f"{sha[:2]}/{sha}"
    media = version.media_type or "application/octet-stream"
    disposition = "listed"
    if media in IMAGE_TYPES:
        disposition = "image"
    elif media == "application/pdf":
        ok = pdf_page_count(storage_root / relative) is not None
        disposition = "pdf" if ok else "attached"
    return r.StoredFile(
        name=version.file_name or "file",
        media_type=media,
        sha256=sha,
        size=version.file_size or 0,
        path=relative,
        disposition=disposition,
    )


def _version_digest(version: EvidenceVersion) -> str:
    """SHA-256 of the version's content fields (the manifest's fingerprint)."""
    content = {
        "title": version.title,
        "evidence_date": str(version.evidence_date),
        "body": version.body,
        "data": version.data,
        "file_sha256": version.file_sha256,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _finding(finding: Any) -> str:
    """One simulator finding as a line of text."""
    if not isinstance(finding, Mapping):
        return str(finding)
    clause = finding.get("clause")
    message = str(finding.get("message", ""))
    return f"{message} ({clause})" if clause else message


def _score(score: Any) -> tuple[r.ScorePoint, ...]:
    """The run's score per marking point, in code order (unscored points left out)."""
    if not isinstance(score, Mapping):
        return ()
    return tuple(
        r.ScorePoint(
            str(code),
            bool(result.get("met")),
            tuple(_finding(f) for f in result.get("findings") or ()),
        )
        for code, result in sorted(score.items())
        if isinstance(result, Mapping)
    )


def _simulator(data: Mapping[str, Any]) -> r.SimulatorRecord:
    """A simulator work product's document as the export's structured record."""
    doc = data.get("document") or {}
    content = doc.get("data")
    return r.SimulatorRecord(
        run_id=str(data.get("run_id") or ""),
        kind=str(doc.get("kind") or ""),
        title=str(doc.get("title") or ""),
        data=dict(content) if isinstance(content, Mapping) else {},
        score=_score(data.get("score")),
    )


def _body(item: EvidenceItem, version: EvidenceVersion) -> r.Body:
    """The kind-specific content of one item."""
    data = version.structured
    if item.sim_run_id is not None or "document" in data:
        return _simulator(data)
    if item.kind == rules.Kind.WITNESS_TESTIMONY and item.testimony is not None:
        t = item.testimony
        signature = None
        if t.content_sha256:
            signature = r.Signature(
                signer_name=t.signer_name or t.witness_name,
                signer_email=t.witness_email,
                signer_role=t.signer_job_title or t.witness_job_title,
                relationship=t.relationship_to_learner,
                signed_at=t.signed_at,
                content_sha256=t.content_sha256,
                verified=not is_tampered(t),
            )
        statement = t.statement or t.draft_statement or t.witnessed
        return r.Testimony(statement, t.witness_name, t.witness_job_title, signature)
    if item.kind == rules.Kind.REFLECTION:
        return r.Reflection(str(render_markdown(version.body)))
    if item.kind == rules.Kind.PROFESSIONAL_DISCUSSION:
        qas = tuple(
            r.QuestionAnswer(str(q.get("question", "")), str(q.get("answer", "")))
            for q in data.get("questions", [])
            if isinstance(q, Mapping)
        )
        return r.Discussion(None, str(data.get("recorded_by", "")), qas, version.body)
    if item.kind == rules.Kind.OBSERVATION:
        return r.Observation(None, str(data.get("observer", "")), "", version.body)
    return None


def _section(
    item: EvidenceItem,
    decided: Mapping,
    outcome: r.ItemOutcome | None,
    storage_root: Path,
) -> r.EvidenceSection:
    """One evidence item as a report section."""
    version = item.current
    codes = tuple(c.criterion.code for c in version.claims)
    decisions = tuple(d for key, d in decided.items() if key[0] == item.id)
    body = _body(item, version)
    kind = r.EvidenceKind.SIMULATOR if isinstance(body, r.SimulatorRecord) else None
    text = "" if item.kind == rules.Kind.REFLECTION else version.body
    return r.EvidenceSection(
        key=f"evidence-{item.id}",
        ref=f"E{item.id}",
        version=version.number,
        kind=kind or KIND_MAP.get(item.kind, r.EvidenceKind.WORK_PRODUCT),
        title=version.title,
        description=text,
        status=rules.STATUS_LABELS.get(item.status, item.status),
        submitted_at=version.submitted_at,
        criteria=codes,
        decisions=decisions,
        outcome=outcome,
        files=(_stored_file(version, storage_root),) if version.file_sha256 else (),
        body=body,
        sha256=_version_digest(version),
    )


def _matrix(
    unit_criteria: list, items: list[EvidenceItem], decided: Mapping
) -> tuple[r.MatrixRow, ...]:
    """Coverage rows: each criterion with its evidence and the decision on each."""
    refs = [CriterionRef(c.code, c.kind, c.text, c.order_type) for c in unit_criteria]
    states = {
        key: d.outcome.replace("not_yet_met", "not_met") for key, d in decided.items()
    }
    matrix = build_matrix(refs, [item_ref(i) for i in items], states)
    titles = {i.id: i.current.title for i in items}
    rows = []
    for row in matrix.rows:
        entries = tuple(
            r.MatrixEntry(
                f"E{cell.item_id}",
                titles[cell.item_id],
                "met"
                if cell.state in ACHIEVED
                else OUTCOMES.get(cell.state or "", "pending"),
            )
            for cell in row.cells
            if cell.state is not None
        )
        rows.append(
            r.MatrixRow(row.criterion.code, row.criterion.text, row.achieved, entries)
        )
    return tuple(rows)


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


def _declarations(
    learner: User, assessor: User | None, signed: Mapping[str, Any]
) -> tuple[r.Declaration, ...]:
    """The authenticity and sign-off declarations, as signed (if they were)."""
    return (
        r.Declaration(
            "Learner's declaration of authenticity",
            signed.get("learner_text") or LEARNER_TEXT,
            learner.display_name,
            "Learner",
            signed.get("learner"),
        ),
        r.Declaration(
            "Assessor's sign-off",
            signed.get("assessor_text") or ASSESSOR_TEXT,
            name_of(assessor),
            "Assessor",
            signed.get("assessor"),
        ),
    )


def _status(signed: Mapping[str, Any], achieved: int, of: int) -> str:
    """The portfolio's state for the cover."""
    if signed.get("locked"):
        return "Signed off"
    if signed.get("assessor"):
        return "Signed off by the assessor; awaiting the learner's declaration"
    return f"In progress: {achieved} of {of} criteria achieved"


def _cover(
    learner: User,
    enrolment: Enrolment,
    unit: Any,
    status: str,
    signed: Mapping[str, Any],
    **export: Any,
) -> r.Cover:
    """The cover page of the report."""
    return r.Cover(
        learner_name=learner.display_name,
        learner_email=learner.email,
        unit_code=unit.code,
        unit_title=unit.title,
        centre=export["centre"],
        assessor_name=name_of(enrolment.assessor),
        supervisor_name=name_of(enrolment.supervisor),
        cohort=enrolment.cohort.name if enrolment.cohort else "",
        status=status,
        start_date=enrolment.start_date,
        planned_end_date=enrolment.planned_end_date,
        signed_off_at=signed.get("locked"),
        exported_at=export["exported_at"] or utcnow(),
        exported_by=export["exported_by"],
    )


def _items(session: Session, learner_id: int, unit_id: int) -> list[EvidenceItem]:
    """The learner's evidence items for the unit, oldest first (not withdrawn)."""
    return list(
        session.scalars(
            select(EvidenceItem)
            .where(
                EvidenceItem.learner_id == learner_id,
                EvidenceItem.unit_id == unit_id,
                EvidenceItem.status != rules.Status.WITHDRAWN,
            )
            .options(*item_options())
            .order_by(EvidenceItem.created_at, EvidenceItem.id)
        )
    )


def build_report(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    storage_root: Path,
    centre: str,
    exported_at: datetime | None = None,
) -> r.PortfolioReport:
    """The plain report of one learner's portfolio, as ``actor`` may see it."""
    if not scopes.can_export_portfolio(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    learner = session.get(User, learner_id)
    enrolment = session.scalar(
        select(Enrolment).where(Enrolment.learner_id == learner_id)
    )
    if learner is None or enrolment is None:
        raise NotFoundError(f"learner {learner_id}")
    unit = default_unit(session)
    items = _items(session, learner_id, unit.id)
    latest = latest_decisions(session, items)
    decided, outcomes = decisions_by_criterion(latest), item_outcomes(latest)
    matrix = _matrix(list(unit.criteria), items, decided)
    achieved = {row.code for row in matrix if row.achieved}
    signoff = unit_signoff(session, learner_id, unit.id)
    signed = signoff_summary(signoff)
    status = _status(signed, len(achieved), len(matrix))
    cover = _cover(
        learner,
        enrolment,
        unit,
        status,
        signed,
        centre=centre,
        exported_at=exported_at,
        exported_by=actor.display_name,
    )
    notes = signoff_notes(signoff)
    if not decided:
        notes += ("No assessment decisions have been recorded for this portfolio yet.",)
    sections = tuple(
        _section(i, decided, outcomes.get(i.id), storage_root) for i in items
    )
    return r.PortfolioReport(
        cover=cover,
        declarations=_declarations(learner, enrolment.assessor, signed),
        criteria=tuple(
            r.CriterionInfo(c.code, c.kind, c.text, c.order_type, c.code in achieved)
            for c in unit.criteria
        ),
        matrix=matrix,
        evidence=sections + discussion_sections(session, learner_id),
        sampling=sampling_records(session, learner_id),
        notes=notes,
    )

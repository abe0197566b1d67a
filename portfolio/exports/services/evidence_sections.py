"""One evidence item of the portfolio as a plain report section (read-only).

The item's current version, its kind-specific content (simulator document,
signed testimony, reflection, discussion, observation) and its uploaded file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from portfolio.evidence.domain.kinds import RECORD_KINDS, Kind, shown_kind
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.forms import REFLECTION_PROMPTS
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.evidence.services.rendering import render_markdown
from portfolio.evidence.services.testimonies import is_tampered
from portfolio.exports.domain import report as r
from portfolio.pdf.appendix import pdf_page_count

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
Decided = Mapping[tuple[int, str], r.Decision]


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


def _testimony(item: EvidenceItem) -> r.Testimony | None:
    """The witness statement and its signature block (checked against its hash)."""
    t = item.testimony
    if t is None:
        return None
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
    # Only the words the witness signed are a statement; a draft is not evidence.
    statement = t.statement if t.state == TestimonyState.SIGNED else ""
    return r.Testimony(statement or "", t.witness_name, t.witness_job_title, signature)


def _reflection(version: EvidenceVersion) -> r.Reflection:
    """The guided prompts with the learner's answers (or free text, if older)."""
    data = version.structured
    answers = tuple(
        r.QuestionAnswer(prompt, str(data[key]))
        for key, prompt, _hint in REFLECTION_PROMPTS
        if str(data.get(key) or "").strip()
    )
    html = str(render_markdown(version.body)) if version.body else ""
    return r.Reflection(html, answers)


def _body(item: EvidenceItem, version: EvidenceVersion) -> r.Body:
    """The kind-specific content of one item."""
    data = version.structured
    if item.sim_run_id is not None or "document" in data:
        return _simulator(data)
    if item.kind == Kind.WITNESS_TESTIMONY:
        return _testimony(item)
    if item.kind == Kind.REFLECTION:
        return _reflection(version)
    if item.kind == Kind.PROFESSIONAL_DISCUSSION:
        qas = tuple(
            r.QuestionAnswer(str(q.get("question", "")), str(q.get("answer", "")))
            for q in data.get("questions", [])
            if isinstance(q, Mapping)
        )
        return r.Discussion(None, str(data.get("recorded_by", "")), qas, version.body)
    if item.kind == Kind.OBSERVATION:
        return r.Observation(None, str(data.get("observer", "")), "", version.body)
    return None


def evidence_section(
    item: EvidenceItem,
    decided: Decided,
    outcome: r.ItemOutcome | None,
    storage_root: Path,
) -> r.EvidenceSection:
    """One evidence item as a report section, with the decisions made on it."""
    version = item.current
    body = _body(item, version)
    simulated = isinstance(body, r.SimulatorRecord)
    shown_elsewhere = item.kind == Kind.REFLECTION or item.kind in RECORD_KINDS
    text = "" if shown_elsewhere else version.body
    return r.EvidenceSection(
        key=f"evidence-{item.id}",
        ref=f"E{item.id}",
        version=version.number,
        kind=shown_kind(item.kind, from_simulator=simulated),
        title=version.title,
        description=text,
        status=Status(item.status).label,
        submitted_at=version.submitted_at,
        criteria=tuple(c.criterion.code for c in version.claims),
        claims=tuple(
            r.Claim(c.criterion.code, c.justification or "") for c in version.claims
        ),
        draft=item.status == Status.DRAFT,
        decisions=tuple(d for key, d in decided.items() if key[0] == item.id),
        outcome=outcome,
        files=(_stored_file(version, storage_root),) if version.file_sha256 else (),
        body=body,
        sha256=_version_digest(version),
    )

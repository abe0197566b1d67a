"""Evidence items: create, change (in place or as a new version), map, submit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import rules
from portfolio.evidence.models import EvidenceClaim, EvidenceItem, EvidenceVersion
from portfolio.evidence.rules import Kind, Status
from portfolio.evidence.services.common import (
    config,
    default_unit,
    load_own_item,
    unit_criteria,
)
from portfolio.evidence.storage import Storage, get_storage
from portfolio.evidence.uploads import CheckedFile
from portfolio.core.time import utcnow


@dataclass(frozen=True)
class Details:
    """What every item has: title, date, context and (optional) order type."""

    title: str
    evidence_date: date | None
    context: str
    order_type: str | None = None

    def checked(self) -> Details:
        """A copy with every field validated."""
        return Details(
            rules.check_title(self.title),
            rules.check_evidence_date(self.evidence_date, utcnow().date()),
            rules.check_choice(self.context, rules.CONTEXTS, "context")
            or _raise("Choose where this happened.", "context"),
            rules.check_choice(self.order_type, rules.ORDER_TYPES, "order_type"),
        )


def _raise(message: str, field: str) -> str:
    """Raise a ValidationError from an expression."""
    raise ValidationError(message, field)


def check_version(item: EvidenceItem, expected: int | None) -> None:
    """Refuse a change made from a stale page (optimistic locking)."""
    if expected is not None and expected != item.version_id:
        raise ConflictError(
            "This evidence was changed in another window. Reload it and try again."
        )


def _check_quota(session: Session, learner_id: int, size: int) -> None:
    """Refuse an upload beyond the learner's storage quota."""
    used, count = session.execute(
        select(
            func.coalesce(func.sum(EvidenceVersion.file_size), 0),
            func.count(func.distinct(EvidenceVersion.file_sha256)),
        )
        .join(EvidenceItem)
        .where(
            EvidenceItem.learner_id == learner_id,
            EvidenceVersion.file_sha256.is_not(None),
        )
    ).one()
    cfg = config()
    if count + 1 > cfg["UPLOAD_QUOTA_FILES"] or used + size > cfg["UPLOAD_QUOTA_MB"] * (
        1024 * 1024
    ):
        raise ValidationError(
            "You have reached your storage limit. Withdraw evidence you no longer "
            "need, or ask your assessor.",
            "file",
        )


def _apply_file(
    version: EvidenceVersion, upload: CheckedFile, storage: Storage
) -> None:
    """Store the bytes, then point the version at them."""
    version.file_sha256 = storage.put(upload.data)
    version.file_name = upload.name
    version.media_type = upload.media_type
    version.file_size = upload.size
    findings = rules.find_personal_data(upload.text)
    version.pii_findings = json.dumps([f.__dict__ for f in findings])
    version.redaction_confirmed_at = None


def create_item(
    session: Session,
    *,
    actor: User,
    kind: str,
    details: Details,
    body: str = "",
    data: dict[str, Any] | None = None,
    upload: CheckedFile | None = None,
    sim_run_id: int | None = None,
    storage: Storage | None = None,
) -> EvidenceItem:
    """Create a draft item with version 1."""
    if not actor.has_role("learner"):
        raise NotFoundError("evidence")
    scopes.check_portfolio_unlocked(session, actor.id)
    clean = details.checked()
    if upload is not None:
        _check_quota(session, actor.id, upload.size)
    item = EvidenceItem(
        learner_id=actor.id,
        unit_id=default_unit(session).id,
        kind=Kind(kind).value,
        status=Status.DRAFT.value,
        context=clean.context,
        order_type=clean.order_type,
        current_number=1,
        sim_run_id=sim_run_id,
    )
    version = EvidenceVersion(
        number=1,
        title=clean.title,
        evidence_date=clean.evidence_date,
        body=body or "",
        data=json.dumps(data, sort_keys=True) if data is not None else None,
    )
    if upload is not None:
        _apply_file(version, upload, storage or get_storage())
    item.versions.append(version)
    session.add(item)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="evidence.created",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=actor.id,
        details={"kind": item.kind, "title": clean.title, "file": version.file_sha256},
    )
    return item


def _working_version(session: Session, item: EvidenceItem) -> EvidenceVersion:
    """The version to change: the current one, or a copy if it was submitted."""
    current = item.current
    if not rules.needs_new_version(item.status, current.submitted_at is not None):
        return current
    copy = EvidenceVersion(
        number=current.number + 1,
        **{
            name: getattr(current, name)
            for name in (
                "title",
                "evidence_date",
                "body",
                "data",
                "file_sha256",
                "file_name",
                "media_type",
                "file_size",
                "pii_findings",
            )
        },
        claims=[
            EvidenceClaim(criterion_id=c.criterion_id, justification=c.justification)
            for c in current.claims
        ],
    )
    item.versions.append(copy)
    item.current_number = copy.number
    session.flush()
    session.expire(item, ["current"])
    return copy


def update_item(
    session: Session,
    item_id: int,
    *,
    actor: User,
    details: Details,
    body: str | None = None,
    data: dict[str, Any] | None = None,
    upload: CheckedFile | None = None,
    expected_version: int | None = None,
    storage: Storage | None = None,
) -> EvidenceItem:
    """Change an item's content: in place for a draft, else as a new version."""
    item = load_own_item(session, item_id, actor=actor)
    check_version(item, expected_version)
    if item.kind == Kind.WITNESS_TESTIMONY:
        raise ConflictError("A testimony's content comes from the witness.")
    clean = details.checked()
    if upload is not None:
        _check_quota(session, actor.id, upload.size)
    version = _working_version(session, item)
    version.title, version.evidence_date = clean.title, clean.evidence_date
    item.context, item.order_type = clean.context, clean.order_type
    if body is not None:
        version.body = body
    if data is not None:
        version.data = json.dumps(data, sort_keys=True)
    if upload is not None:
        _apply_file(version, upload, storage or get_storage())
    item.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action="evidence.updated",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
        details={"version": version.number},
    )
    return item


def set_claims(
    session: Session,
    item_id: int,
    claims: dict[str, str],
    *,
    actor: User,
    expected_version: int | None = None,
) -> EvidenceItem:
    """Replace the current version's mapping {criterion code: justification}."""
    item = load_own_item(session, item_id, actor=actor)
    check_version(item, expected_version)
    criteria = unit_criteria(session, item.unit_id)
    clean = rules.check_claims(claims, set(criteria), item.unit.code)
    version = _working_version(session, item)
    wanted = {criteria[code].id: text for code, text in clean.items()}
    for claim in list(version.claims):
        if claim.criterion_id not in wanted:
            version.claims.remove(claim)
        else:
            claim.justification = wanted.pop(claim.criterion_id)
    for criterion_id, text in wanted.items():
        version.claims.append(
            EvidenceClaim(criterion_id=criterion_id, justification=text)
        )
    item.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action="evidence.mapped",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
        details={"version": version.number, "criteria": sorted(clean)},
    )
    return item

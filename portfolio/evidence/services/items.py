"""Evidence items: create, change (in place or as a new version), map, submit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence.domain import details as rules
from portfolio.evidence.domain.files import CheckedFile, Quota
from portfolio.evidence.domain.kinds import Context, Kind, item_kind
from portfolio.evidence.domain.personal_data import find_personal_data
from portfolio.evidence.domain.versions import VERSION_CONTENT, needs_new_version
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceClaim, EvidenceItem, EvidenceVersion
from portfolio.evidence.services.queries import load_own_item, unit_criteria
from portfolio.evidence.services.storage import Storage
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.framework.services import default_unit

CONTEXT_VALUES = tuple(c.value for c in Context)


@dataclass(frozen=True)
class Upload:
    """A checked file, where its bytes go, and how much the learner may keep there."""

    file: CheckedFile
    storage: Storage
    quota: Quota


@dataclass(frozen=True)
class CheckedDetails:
    """Details that passed every check: the date is known, the choices are valid."""

    title: str
    evidence_date: date
    context: str
    order_type: str | None


@dataclass(frozen=True)
class Details:
    """What every item has: title, date, context and (optional) order type."""

    title: str
    evidence_date: date | None
    context: str
    order_type: str | None = None

    def checked(self) -> CheckedDetails:
        """The details with every field validated (ValidationError names the field)."""
        return CheckedDetails(
            rules.check_title(self.title),
            rules.check_evidence_date(self.evidence_date, utcnow().date()),
            rules.check_choice(self.context, CONTEXT_VALUES, "context")
            or _raise("Choose where this happened.", "context"),
            rules.check_choice(self.order_type, ORDER_TYPE_VALUES, "order_type"),
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


def record_item_event(
    session: Session, actor: User, action: str, item: EvidenceItem, **details: Any
) -> None:
    """Record one audit event about an evidence item."""
    record_event(
        session,
        actor=actor,
        action=action,
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
        details=details or None,
    )


def _check_quota(session: Session, learner_id: int, upload: Upload) -> None:
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
    upload.quota.check(used_bytes=used or 0, used_files=count, size=upload.file.size)


def _apply_file(version: EvidenceVersion, upload: Upload) -> None:
    """Store the bytes, then point the version at them."""
    checked = upload.file
    version.file_sha256 = upload.storage.put(checked.data)
    version.file_name = checked.name
    version.media_type = checked.media_type
    version.file_size = checked.size
    findings = find_personal_data(checked.text)
    version.pii_findings = json.dumps([f.__dict__ for f in findings])
    version.redaction_confirmed_at = None


def _first_version(
    clean: CheckedDetails, body: str, data: dict[str, Any] | None
) -> EvidenceVersion:
    """Version 1 of a new item."""
    return EvidenceVersion(
        number=1,
        title=clean.title,
        evidence_date=clean.evidence_date,
        body=body or "",
        data=json.dumps(data, sort_keys=True) if data is not None else None,
    )


def create_item(
    session: Session,
    *,
    actor: User,
    kind: str,
    details: Details,
    body: str = "",
    data: dict[str, Any] | None = None,
    upload: Upload | None = None,
    sim_run_id: int | None = None,
) -> EvidenceItem:
    """Create a draft item with version 1."""
    if not actor.has_role("learner"):
        raise NotFoundError("evidence")
    scopes.check_portfolio_unlocked(session, actor.id)
    clean = details.checked()
    if upload is not None:
        _check_quota(session, actor.id, upload)
    item = EvidenceItem(
        learner_id=actor.id,
        unit_id=default_unit(session).id,
        kind=item_kind(kind).value,
        status=Status.DRAFT.value,
        context=clean.context,
        order_type=clean.order_type,
        current_number=1,
        sim_run_id=sim_run_id,
    )
    version = _first_version(clean, body, data)
    if upload is not None:
        _apply_file(version, upload)
    item.versions.append(version)
    session.add(item)
    session.flush()
    record_item_event(
        session,
        actor,
        "evidence.created",
        item,
        kind=item.kind,
        title=clean.title,
        file=version.file_sha256,
    )
    return item


def _working_version(session: Session, item: EvidenceItem) -> EvidenceVersion:
    """The version to change: the current one, or a copy if it was submitted."""
    current = item.current
    if not needs_new_version(item.status, current.submitted_at is not None):
        return current
    copy = EvidenceVersion(
        number=current.number + 1,
        **{name: getattr(current, name) for name in VERSION_CONTENT},
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


def _apply_content(
    version: EvidenceVersion,
    clean: CheckedDetails,
    body: str | None,
    data: dict[str, Any] | None,
    upload: Upload | None,
) -> None:
    """Write the changed content into the working version (None: unchanged)."""
    version.title, version.evidence_date = clean.title, clean.evidence_date
    if body is not None:
        version.body = body
    if data is not None:
        version.data = json.dumps(data, sort_keys=True)
    if upload is not None:
        _apply_file(version, upload)


def update_item(
    session: Session,
    item_id: int,
    *,
    actor: User,
    details: Details,
    body: str | None = None,
    data: dict[str, Any] | None = None,
    upload: Upload | None = None,
    expected_version: int | None = None,
) -> EvidenceItem:
    """Change an item's content: in place for a draft, else as a new version."""
    item = load_own_item(session, item_id, actor=actor)
    check_version(item, expected_version)
    if item.kind == Kind.WITNESS_TESTIMONY:
        raise ConflictError("A testimony's content comes from the witness.")
    clean = details.checked()
    if upload is not None:
        _check_quota(session, actor.id, upload)
    version = _working_version(session, item)
    item.context, item.order_type = clean.context, clean.order_type
    _apply_content(version, clean, body, data, upload)
    item.updated_at = utcnow()
    session.flush()
    record_item_event(session, actor, "evidence.updated", item, version=version.number)
    return item


def _replace_claims(version: EvidenceVersion, wanted: dict[int, str]) -> None:
    """Make the version claim exactly ``wanted`` {criterion id: justification}."""
    for claim in list(version.claims):
        if claim.criterion_id not in wanted:
            version.claims.remove(claim)
        else:
            claim.justification = wanted.pop(claim.criterion_id)
    for criterion_id, text in wanted.items():
        version.claims.append(
            EvidenceClaim(criterion_id=criterion_id, justification=text)
        )


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
    _replace_claims(version, {criteria[code].id: text for code, text in clean.items()})
    item.updated_at = utcnow()
    session.flush()
    record_item_event(
        session,
        actor,
        "evidence.mapped",
        item,
        version=version.number,
        criteria=sorted(clean),
    )
    return item

"""EQA packs: the signed PDF, every original upload and the simulator records.

A pack is a ZIP built from a finished export: ``portfolio.pdf`` (the signed
file, byte for byte), ``uploads/<ref>/<name>`` (read back from the evidence
store and checked against their SHA-256), ``simulator/<ref>.json`` and
``manifest.json`` listing every other file with its SHA-256 and the export id.
A share link lets an external quality assurer download it until it expires.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, DomainError, NotFoundError, ValidationError
from portfolio.evidence.services.storage import storage_for
from portfolio.exports.domain.report import SimulatorRecord
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import ExportShareLink, PortfolioExport
from portfolio.exports.services.exports import export_path
from portfolio.exports.services.report import build_report


class LinkExpiredError(DomainError):
    """A share link that existed but has expired or been revoked (HTTP 410)."""


_SAFE = re.compile(r"[^A-Za-z0-9._ -]+")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def pack_path(storage_dir: str | Path, export: PortfolioExport) -> Path:
    """Where the export's EQA pack is kept once built."""
    return Path(storage_dir).resolve() / "exports" / f"{export.public_id}-eqa.zip"


def _safe_name(name: str) -> str:
    """A file name that cannot climb out of its folder in the ZIP."""
    cleaned = _SAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return cleaned[:120] or "file"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True, default=str).encode()


def build_pack(
    session: Session, export: PortfolioExport, *, config: Mapping[str, Any]
) -> Path:
    """Write (or rewrite) the export's EQA pack and return its path."""
    pdf = export_path(config["STORAGE_DIR"], export)
    if export.status != ExportStatus.DONE or not pdf.is_file():
        raise ConflictError("The export has no finished PDF to pack.")
    actor = export.requested_by or export.learner
    storage = storage_for(config)
    report = build_report(
        session,
        export.learner_id,
        actor=actor,
        storage_root=Path(config["STORAGE_DIR"]).resolve(),
        centre=config["CENTRE_NAME"],
        drafts=export.include_drafts,
        centre_number=config.get("CENTRE_NUMBER") or "",
    )
    out = pack_path(config["STORAGE_DIR"], export)
    tmp = out.with_suffix(".tmp")
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(pdf, "portfolio.pdf")
        files.append(_entry("portfolio.pdf", export.sha256 or "", pdf.stat().st_size))
        seen: set[str] = set()
        for item in report.evidence:
            for stored in item.files:
                name = f"uploads/{item.ref}/{_safe_name(stored.name)}"
                if name in seen:
                    continue
                seen.add(name)
                with storage.open(stored.sha256) as handle:
                    data = handle.read()
                if _sha(data) != stored.sha256:
                    raise ConflictError(f"The stored copy of {stored.name} is damaged.")
                archive.writestr(name, data)
                files.append(_entry(name, stored.sha256, len(data), item.ref))
            if isinstance(item.body, SimulatorRecord):
                data = _json({"evidence_ref": item.ref, **asdict(item.body)})
                name = f"simulator/{item.ref}.json"
                archive.writestr(name, data)
                files.append(_entry(name, _sha(data), len(data), item.ref))
        manifest = {
            "export_id": export.public_id,
            "learner": report.cover.learner_name,
            "unit": f"{report.cover.unit_code} {report.cover.unit_title}".strip(),
            "centre": report.cover.centre,
            "pdf_sha256": export.sha256,
            "pdf_signed": export.signed,
            "built_at": utcnow().isoformat(),
            "files": files,
        }
        archive.writestr("manifest.json", _json(manifest))
    tmp.replace(out)
    return out


def _entry(name: str, sha256: str, size: int, ref: str = "") -> dict[str, Any]:
    """One manifest line."""
    entry: dict[str, Any] = {"path": name, "sha256": sha256, "size": size}
    if ref:
        entry["evidence_ref"] = ref
    return entry


def token_digest(token: str) -> str:
    """The stored form of a share link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_share_link(
    session: Session,
    export: PortfolioExport,
    *,
    actor: User,
    email: str,
    days: int,
    max_days: int,
) -> tuple[ExportShareLink, str]:
    """A link to the export's pack for ``email``, valid for ``days``; and its token."""
    address = (email or "").strip().lower()
    if not EMAIL_RE.fullmatch(address) or len(address) > 254:
        raise ValidationError(
            "Enter the EQA's e-mail address, like name@example.org.", "email"
        )
    if not 1 <= days <= max_days:
        raise ValidationError(f"Choose between 1 and {max_days} days.", "days")
    if export.status != ExportStatus.DONE:
        raise ConflictError("Only a finished export can be shared.")
    token = secrets.token_urlsafe(32)
    link = ExportShareLink(
        export_id=export.id,
        token_sha256=token_digest(token),
        recipient_email=address,
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="export.pack_shared",
        object_type="portfolio_export",
        object_id=export.public_id,
        learner_id=export.learner_id,
        details={"recipient": address, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def open_share_link(session: Session, token: str) -> ExportShareLink:
    """The live link for ``token`` (counted and audited), else Not found / Gone."""
    link = session.scalar(
        select(ExportShareLink).where(
            ExportShareLink.token_sha256 == token_digest(token or "")
        )
    )
    if link is None:
        raise NotFoundError("share link")
    if link.revoked_at is not None or _aware(link.expires_at) <= utcnow():
        raise LinkExpiredError(
            "This download link has expired. Ask the centre for a new one."
        )
    link.downloads += 1
    record_event(
        session,
        actor=None,
        action="export.pack_downloaded",
        object_type="portfolio_export",
        object_id=link.export.public_id,
        learner_id=link.export.learner_id,
        details={"recipient": link.recipient_email, "link": link.id},
    )
    session.flush()
    return link

"""After a restore: re-check stored files, signatures, exports and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from portfolio.audit.services import verify_chain
from portfolio.backup.archive import sha256_file
from portfolio.core.typing import Session
from portfolio.evidence.models import EvidenceVersion, Testimony
from portfolio.evidence.services.storage import Storage
from portfolio.evidence.services.testimonies import is_tampered
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport


@dataclass
class Check:
    """One kind of check: how many things were looked at and which failed."""

    name: str
    checked: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether nothing failed."""
        return not self.failures

    def line(self) -> str:
        """One line for the person running the restore."""
        verdict = "OK" if self.ok else f"FAILED ({len(self.failures)})"
        detail = "" if self.ok else ": " + "; ".join(self.failures[:5])
        return f"{self.name}: {self.checked} checked, {verdict}{detail}"


def check_files(session: Session, storage: Storage) -> Check:
    """Every file an evidence version names is stored and still hashes to its name."""
    check = Check("Stored files")
    digests = session.scalars(
        select(EvidenceVersion.file_sha256)
        .where(EvidenceVersion.file_sha256.is_not(None))
        .distinct()
    )
    for sha in digests:
        if sha is None:
            continue
        check.checked += 1
        if not storage.verify(sha):
            check.failures.append(f"file {sha[:12]}… missing or altered")
    return check


def check_signatures(session: Session) -> Check:
    """Every signed testimony still matches the hash taken when it was signed."""
    check = Check("Testimony signatures")
    signed = session.scalars(
        select(Testimony).where(Testimony.content_sha256.is_not(None))
    )
    for testimony in signed:
        check.checked += 1
        if is_tampered(testimony):
            check.failures.append(f"testimony {testimony.id} does not match its hash")
    return check


def check_exports(session: Session, storage_dir: Path) -> Check:
    """Every finished export's file is present with the SHA-256 its record holds."""
    check = Check("Export records")
    done = session.scalars(
        select(PortfolioExport).where(PortfolioExport.status == ExportStatus.DONE)
    )
    for export in done:
        check.checked += 1
        path = storage_dir / (export.file_path or "")
        if not export.file_path or not path.is_file():
            check.failures.append(f"export {export.public_id} file missing")
        elif sha256_file(path) != export.sha256:
            check.failures.append(f"export {export.public_id} SHA-256 differs")
    return check


def check_audit(session: Session) -> Check:
    """The audit hash chain, recomputed from the first row."""
    from portfolio.audit.models import AuditEvent

    check = Check("Audit chain")
    check.checked = session.query(AuditEvent).count()
    broken = verify_chain(session)
    if broken is not None:
        check.failures.append(f"broken at row {broken.id}: {broken.reason}")
    return check


def verify_restored(
    session: Session, storage: Storage, storage_dir: Path
) -> list[Check]:
    """Run every check; the caller prints them and decides the exit status."""
    return [
        check_files(session, storage),
        check_signatures(session),
        check_exports(session, storage_dir),
        check_audit(session),
    ]

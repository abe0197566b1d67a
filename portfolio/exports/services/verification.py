"""Public verification: is a PDF (or its SHA-256) an unaltered recorded export?"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import select

from portfolio.core.typing import Session
from portfolio.errors import ValidationError
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.pdf.signing import (
    SignatureCheck,
    SigningKey,
    SigningKeyError,
    certificate_of,
    check_signature,
)

SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def normalise_sha(value: str | None) -> str:
    """A lower-case SHA-256 hex digest, or ValidationError naming the field."""
    text = (value or "").strip().lower()
    if not SHA_RE.fullmatch(text):
        raise ValidationError(
            "Enter a SHA-256 fingerprint: 64 characters, 0-9 and a-f.", "sha256"
        )
    return text


def sha256_of(stream: IO[bytes]) -> str:
    """SHA-256 of a file-like object, read in chunks."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def verify_sha(session: Session, sha256: str) -> PortfolioExport | None:
    """The finished export whose file has this SHA-256, if any (public check)."""
    return session.scalar(
        select(PortfolioExport).where(
            PortfolioExport.sha256 == sha256,
            PortfolioExport.status == ExportStatus.DONE,
        )
    )


@dataclass(frozen=True)
class DocumentCheck:
    """An uploaded PDF checked both ways: recorded fingerprint and signature."""

    sha256: str
    match: PortfolioExport | None
    signature: SignatureCheck

    @property
    def unaltered(self) -> bool:
        """Recorded and, if the export was signed, with a valid signature."""
        if self.match is None:
            return False
        return self.signature.valid or not self.match.signed


def _trusted(config: Mapping[str, Any]) -> Any:
    """The centre's certificate, if a signing key is configured and readable."""
    path = config.get("SIGNING_P12_PATH")
    if not path:
        return None
    try:
        key = SigningKey(str(path), config.get("SIGNING_P12_PASSWORD") or "")
        return certificate_of(key)
    except (SigningKeyError, OSError, ValueError):
        return None


def check_document(
    session: Session, stream: IO[bytes], *, config: Mapping[str, Any]
) -> DocumentCheck:
    """Check an uploaded PDF against the recorded exports and its signature."""
    data = stream.read()
    sha = hashlib.sha256(data).hexdigest()
    return DocumentCheck(
        sha, verify_sha(session, sha), check_signature(data, _trusted(config))
    )

"""Public verification: is a PDF (or its SHA-256) an unaltered recorded export?"""

from __future__ import annotations

import hashlib
import re
from typing import IO

from sqlalchemy import select

from portfolio.core.typing import Session
from portfolio.errors import ValidationError
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport

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

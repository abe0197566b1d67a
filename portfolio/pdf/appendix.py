"""Uploaded PDFs that follow their evidence item: can they be appended?"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError


def pdf_page_count(path: str | Path) -> int | None:
    """Pages of a PDF we can append, or None (encrypted, broken or empty)."""
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            return None
        pages = len(reader.pages)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError):
        return None
    return pages or None

"""Uploaded files: the allowed types, safe names, the checked file and the quota."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from portfolio.errors import ValidationError

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
EXTENSIONS = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "docx": "docx",
    "xlsx": "xlsx",
    "txt": "txt",
}
LABELS = {
    "pdf": "PDF",
    "png": "PNG image",
    "jpg": "JPEG image",
    "docx": "Word document (DOCX)",
    "xlsx": "Excel workbook (XLSX)",
    "txt": "plain text file",
}
ALLOWED_TEXT = "PDF, PNG, JPEG, DOCX, XLSX or TXT"
# Inner extensions that make "invoice.html.pdf" a disguise rather than a PDF.
RISKY_INNER = frozenset(
    {
        "html",
        "htm",
        "svg",
        "xml",
        "js",
        "exe",
        "php",
        "bat",
        "cmd",
        "sh",
        "docm",
        "xlsm",
        "zip",
        "jar",
        "com",
        "scr",
        "vbs",
        "ps1",
    }
)
MAX_NAME = 200
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: the bytes to store, its type, a safe name, its text."""

    data: bytes
    kind: str
    media_type: str
    name: str
    text: str

    @property
    def size(self) -> int:
        """Stored size in bytes."""
        return len(self.data)


def refuse(message: str) -> ValidationError:
    """A validation error on the file field."""
    return ValidationError(message, "file")


def clean_name(raw: str | None) -> tuple[str, str]:
    """Return (safe display name, extension) or raise for a dangerous name."""
    path = (raw or "").replace("\\", "/")
    if ".." in path.split("/")[:-1] or path.startswith("/"):
        raise refuse("The file name must not contain folder names. Rename the file.")
    name = path.rsplit("/", 1)[-1].strip()
    if not name:
        raise refuse("The file has no name.")
    if name.startswith("."):  # hidden files, and what is left of "..\\..\\x"
        raise refuse("The file name must not start with a dot. Rename the file.")
    if any(unicodedata.category(ch).startswith("C") for ch in name) or "%00" in name:
        raise refuse("The file name contains control characters. Rename the file.")
    if len(name) > MAX_NAME:
        raise refuse(f"The file name must be {MAX_NAME} characters or fewer.")
    stem, dot, ext = name.rpartition(".")
    ext = ext.lower()
    if not dot or ext not in EXTENSIONS:
        raise refuse(f"The file must be a {ALLOWED_TEXT}.")
    inner = {part.lower() for part in stem.split(".")[1:]}
    if inner & RISKY_INNER:
        raise refuse("The file name has a second, unsafe extension. Rename the file.")
    return name, EXTENSIONS[ext]


def check_size(size: int, max_bytes: int) -> None:
    """Refuse an empty file or one over ``max_bytes``."""
    if not size:
        raise refuse("The selected file is empty.")
    if size > max_bytes:
        raise refuse(f"The file must be smaller than {max_bytes / MEGABYTE:.3g} MB.")


@dataclass(frozen=True)
class Quota:
    """How much one learner may store: distinct files and megabytes in all."""

    files: int
    megabytes: float

    def check(self, *, used_bytes: int, used_files: int, size: int) -> None:
        """Refuse one more file of ``size`` bytes beyond the quota."""
        if used_files + 1 > self.files or used_bytes + size > self.megabytes * MEGABYTE:
            raise ValidationError(
                "You have reached your storage limit. Withdraw evidence you no longer "
                "need, or ask your assessor.",
                "file",
            )

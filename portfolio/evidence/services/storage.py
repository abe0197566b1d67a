"""Content-addressed file storage: local disk, or an S3-compatible bucket.

Objects live at ``<sha[:2]>/<sha>`` and named files (finished exports, the PDF
part cache) at their relative path, on disk under STORAGE_DIR and, with
``STORAGE_BACKEND=s3``, under the same keys in the bucket. With S3 the folder is
this host's read-through cache: every read from the bucket is checked against
its SHA-256 before it is used or cached.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from portfolio.errors import NotFoundError

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_NAMED_RE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)+$")


class CorruptObjectError(NotFoundError):
    """Stored bytes no longer hash to their name: refused, never served."""


class Storage(Protocol):
    """Where uploaded bytes live, addressed by their SHA-256."""

    root: Path

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotently) and return its SHA-256 hex digest."""
        ...

    def open(self, sha256: str) -> BinaryIO:
        """Open stored bytes for reading; NotFoundError if absent."""
        ...

    def exists(self, sha256: str) -> bool:
        """Whether an object with this digest is stored."""
        ...

    def verify(self, sha256: str) -> bool:
        """Whether the stored bytes still hash to ``sha256``."""
        ...

    def stage(self, shas: Iterable[str]) -> None:
        """Make checked local copies of these objects (for the PDF renderer)."""
        ...

    def publish(self, relative: str) -> None:
        """Share the named local file ``root/relative`` with the other hosts."""
        ...

    def fetch(self, relative: str, sha256: str | None = None) -> Path | None:
        """A local copy of a named file (checked if ``sha256`` is given), or None."""
        ...

    def sync(self, folder: str) -> None:
        """Two-way copy of a folder of immutable files (the PDF part cache)."""
        ...

    def quarantine(self, sha256: str) -> None:
        """Move an object out of the store into ``quarantine/`` (kept, not served)."""
        ...

    def objects(self) -> dict[str, float]:
        """Every stored object's digest, with when it was written (epoch seconds)."""
        ...


def check_sha(sha256: str) -> str:
    """Only a 64-hex digest may become part of a path."""
    if not SHA256_RE.fullmatch(sha256 or ""):
        raise NotFoundError("bad object id")
    return sha256


def _named(relative: str) -> str:
    """A named file's relative path: folder/name, no dots-only parts."""
    if not _NAMED_RE.fullmatch(relative) or ".." in relative.split("/"):
        raise NotFoundError("bad file name")
    return relative


def object_key(sha256: str) -> str:
    """Where an object lives, relative to the store (and its key in a bucket)."""
    sha = check_sha(sha256)
    return f"{sha[:2]}/{sha}"


def digest_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomically(target: Path, data: bytes, tmp_dir: Path) -> None:
    """Temp file, fsync, rename into place, fsync the folder: never a partial file."""
    target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    tmp_dir.mkdir(mode=0o750, parents=True, exist_ok=True)  # the cache may be wiped
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o640)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


class LocalStorage:
    """Files under ``root/<sha[:2]>/<sha>``, written atomically, mode 0640."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        """Use (and create) ``root``, which must be outside the web root."""
        self.root = Path(root).resolve()
        self.tmp = self.root / "tmp"
        for folder in (self.root, self.tmp):
            folder.mkdir(mode=0o750, parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where an object lives (not a promise that it exists)."""
        return self.root / object_key(sha256)

    def put(self, data: bytes) -> str:
        """Write the object once; an existing one is left alone."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            write_atomically(target, data, self.tmp)
        return sha

    def open(self, sha256: str) -> BinaryIO:
        """Open the object for reading."""
        path = self.path(sha256)
        if not path.is_file():
            raise NotFoundError("file")
        return path.open("rb")

    def exists(self, sha256: str) -> bool:
        """Whether the object file is present."""
        return self.path(sha256).is_file()

    def verify(self, sha256: str) -> bool:
        """Re-hash the stored bytes (detects bit rot and tampering)."""
        return self.exists(sha256) and digest_of(self.path(sha256)) == sha256

    def stage(self, shas: Iterable[str]) -> None:
        """Objects are local already."""

    def publish(self, relative: str) -> None:
        """One host: nothing to share."""

    def fetch(self, relative: str, sha256: str | None = None) -> Path | None:
        """The named file, if present (and intact when ``sha256`` is given)."""
        path = self.root / _named(relative)
        if not path.is_file():
            return None
        if sha256 is not None and digest_of(path) != sha256:
            raise CorruptObjectError(relative)
        return path

    def sync(self, folder: str) -> None:
        """One host: nothing to copy."""

    def quarantine(self, sha256: str) -> None:
        """Move the object file into ``quarantine/``."""
        path = self.path(sha256)
        if path.is_file():
            target = self.root / "quarantine" / path.name
            target.parent.mkdir(mode=0o750, exist_ok=True)
            os.replace(path, target)

    def objects(self) -> dict[str, float]:
        """Digests of the object files on disk, with their modification times."""
        return {
            p.name: p.stat().st_mtime
            for p in self.root.glob("??/*")
            if SHA256_RE.fullmatch(p.name) and p.parent.name == p.name[:2]
        }


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def storage_for(config: Mapping[str, Any]) -> Storage:
    """The storage backend ``config`` names (STORAGE_BACKEND, STORAGE_DIR, S3_*)."""
    backend = config.get("STORAGE_BACKEND", "local")
    if backend == "s3":
        from portfolio.evidence.services.s3_storage import s3_storage_for

        return s3_storage_for(config)
    if backend != "local":
        raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r}")
    return LocalStorage(config["STORAGE_DIR"])


def get_storage() -> Storage:
    """The current app's storage, for views and jobs (services take one instead)."""
    from flask import current_app

    return storage_for(current_app.config)


PART_CACHE = "pdf-cache"


def stage_learner_files(session: Any, storage: Storage, learner_id: int) -> None:
    """Before an export on this host: the learner's files, and the shared part cache."""
    from sqlalchemy import select

    from portfolio.evidence.models import EvidenceItem, EvidenceVersion

    shas = session.scalars(
        select(EvidenceVersion.file_sha256)
        .join(EvidenceItem, EvidenceItem.id == EvidenceVersion.item_id)
        .where(
            EvidenceItem.learner_id == learner_id,
            EvidenceVersion.file_sha256.is_not(None),
        )
    )
    storage.stage(shas)
    storage.sync(PART_CACHE)


def share_export_file(storage: Storage, relative: str | None) -> None:
    """After an export: the finished file (and new cached parts) for every host."""
    if relative:
        storage.publish(relative)
    storage.sync(PART_CACHE)


def local_export_file(
    storage: Storage, relative: str | None, sha256: str | None
) -> None:
    """Before a download: a checked local copy of the finished export file."""
    if relative and sha256 and not isinstance(storage, LocalStorage):
        storage.fetch(relative, sha256)

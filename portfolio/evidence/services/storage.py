"""Content-addressed file storage behind a small protocol (local disk for now)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from portfolio.errors import NotFoundError

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class Storage(Protocol):
    """Where uploaded bytes live, addressed by their SHA-256."""

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


def _check(sha256: str) -> str:
    """Only a 64-hex digest may become part of a path."""
    if not SHA256_RE.fullmatch(sha256 or ""):
        raise NotFoundError("bad object id")
    return sha256


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
        sha = _check(sha256)
        return self.root / sha[:2] / sha

    def put(self, data: bytes) -> str:
        """Write to a temp file, fsync, rename into place, fsync the folder."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(mode=0o750, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp)
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
        if not self.exists(sha256):
            return False
        digest = hashlib.sha256()
        with self.open(sha256) as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256


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
    """The storage backend ``config`` names (STORAGE_BACKEND, STORAGE_DIR)."""
    backend = config.get("STORAGE_BACKEND", "local")
    if backend != "local":
        raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r}")
    return LocalStorage(config["STORAGE_DIR"])


def get_storage() -> Storage:
    """The current app's storage, for views and jobs (services take one instead)."""
    from flask import current_app

    return storage_for(current_app.config)

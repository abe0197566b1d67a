"""Make a backup folder and restore one: the database plus every stored file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from portfolio.backup import archive, database
from portfolio.backup.archive import FILES, BackupError
from portfolio.core.time import utcnow

# Scratch space and the PDF part cache are rebuilt on demand: not part of a backup.
NOT_BACKED_UP = frozenset({"tmp", "pdf-cache"})

__all__ = ["BackupError", "BackupSummary", "create_backup", "restore_backup"]


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or restore covered."""

    path: Path
    dialect: str
    files: int
    manifest: dict[str, Any]


def create_backup(engine: Engine, storage_dir: Path, dest: Path) -> BackupSummary:
    """Dump the database and copy every stored file into ``dest``, atomically."""
    with archive.staging(dest) as tmp:
        info = database.dump(engine, tmp)
        (tmp / FILES).mkdir()
        count = 0
        if storage_dir.is_dir():
            count = archive.copy_tree(storage_dir, tmp / FILES, NOT_BACKED_UP)
        created = utcnow().replace(microsecond=0).isoformat()
        manifest = archive.write_manifest(tmp, info, created)
    return BackupSummary(dest.resolve(), info["dialect"], count, manifest)


def restore_backup(engine: Engine, source: Path, storage_dir: Path) -> BackupSummary:
    """Check ``source`` against its manifest, then load it into an empty database."""
    source = source.resolve()
    manifest = archive.read_checked_manifest(source)
    info = manifest.get("database") or {}
    database.check_empty(engine)
    database.restore(engine, source, info)
    storage_dir.mkdir(parents=True, exist_ok=True)
    count = archive.copy_tree(source / FILES, storage_dir, frozenset())
    return BackupSummary(source, str(info.get("dialect")), count, manifest)

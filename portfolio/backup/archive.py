"""The backup folder on disk: the manifest, hashing, and the atomic publish."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMAT = "portfolio-backup/1"
MANIFEST = "manifest.json"
FILES = "files"


class BackupError(Exception):
    """A backup that cannot be written, or one that must not be restored."""


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    """Flush a file or folder to disk (folders: where the OS allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def listing(root: Path) -> dict[str, dict[str, Any]]:
    """Every file under ``root`` except the manifest, with its SHA-256 and size."""
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative != MANIFEST:
            entries[relative] = {
                "sha256": sha256_file(path),
                "size": path.stat().st_size,
            }
    return entries


@contextmanager
def staging(dest: Path) -> Iterator[Path]:
    """A temp folder beside ``dest``, renamed to ``dest`` only if the block succeeds.

    The manifest is written last and the folder appears under its final name by one
    rename, so an interrupted backup is never mistaken for a complete one.
    """
    dest = dest.resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not an empty folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        yield tmp
        for path in tmp.rglob("*"):
            if path.is_file():
                _fsync(path)
        if dest.exists():
            dest.rmdir()
        os.replace(tmp, dest)
        _fsync(dest.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_manifest(root: Path, database: dict[str, Any], created_at: str) -> dict:
    """Hash everything in ``root`` and write the manifest (the last file written)."""
    manifest = {
        "format": FORMAT,
        "created_at": created_at,
        "database": database,
        "files": listing(root),
    }
    path = root / MANIFEST
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    _fsync(path)
    return manifest


def read_checked_manifest(root: Path) -> dict[str, Any]:
    """The manifest, after checking every file against it; BackupError otherwise."""
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(f"{root} has no {MANIFEST}: not a complete backup")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    problems = _differences(manifest.get("files") or {}, listing(root))
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise BackupError(f"backup does not match its manifest: {shown}{more}")
    return manifest


def _differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between the manifest's listing and the folder's."""
    problems = [f"{name} is missing" for name in expected if name not in actual]
    problems += [
        f"{name} is not in the manifest" for name in actual if name not in expected
    ]
    problems += [
        f"{name} has SHA-256 {actual[name]['sha256'][:12]}…, "
        f"manifest says {entry.get('sha256', '')[:12]}…"
        for name, entry in expected.items()
        if name in actual and actual[name]["sha256"] != entry.get("sha256")
    ]
    return sorted(problems)


def copy_tree(source: Path, target: Path, skip: frozenset[str]) -> int:
    """Copy every file under ``source`` (top folders in ``skip`` left out)."""
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if relative.parts[0] in skip:
            continue
        _copy_atomically(path, target / relative)
        count += 1
    return count


def _copy_atomically(path: Path, dest: Path) -> None:
    """Copy one file to a temp name beside ``dest``, then rename it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".restore-")
    os.close(fd)
    try:
        shutil.copyfile(path, tmp_name)
        os.chmod(tmp_name, 0o640)
        os.replace(tmp_name, dest)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise

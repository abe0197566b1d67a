"""The simulated company: seeded from YAML into the database, cached per process."""

from __future__ import annotations

import copy
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.core.typing import Session
from portfolio.errors import DomainError
from portfolio.simulator.domain import Company
from portfolio.simulator.models import SimContent
from portfolio.simulator.services.memo import process_memo, transaction_memo

# content key -> seed file; the keys are what Company.from_dict expects
FILES = {
    "policy": "policy.yaml",
    "products": "catalogue.yaml",
    "customers": "crm.yaml",
    "questions": "questions.yaml",
    "calendar": "calendar.yaml",
}
_CACHE: dict[str, Company] = {}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is 8x faster
_PARSED: dict[tuple[str, int, int], Any] = {}
# A process reads the stored digest again after this long: content changes only when
# it is seeded, and a change made by this process is seen at once.
DIGEST_SECONDS = 5.0


class ContentError(DomainError):
    """Simulator content is missing or malformed."""


def _read(path: Path) -> Any:
    """Parse one YAML seed file (cached per file version); errors name the file."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _PARSED:
            _PARSED[key] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        return copy.deepcopy(_PARSED[key])
    except OSError as exc:
        raise ContentError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML ({exc})") from exc


def load_content(session: Session, seeds_dir: Path) -> int:
    """Validate and store the company documents; return how many changed."""
    documents = {key: _read(seeds_dir / name) for key, name in FILES.items()}
    try:
        Company.from_dict(documents)
    except DomainError as exc:
        raise ContentError(f"{seeds_dir}: simulator content is invalid: {exc}") from exc
    changed = _store_documents(session, documents)
    if changed:
        record_event(
            session,
            actor=None,
            action="simulator.content_load",
            object_type="sim_content",
            details={"changed": changed},
        )
    return changed


def _store_documents(session: Session, documents: dict[str, Any]) -> int:
    """Write the documents whose digest changed; return how many did."""
    existing = {row.key: row for row in session.scalars(select(SimContent))}
    changed = 0
    for key, document in documents.items():
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()
        row = existing.get(key)
        if row is not None and row.sha256 == digest:
            continue
        if row is None:
            session.add(SimContent(key=key, sha256=digest, document=text))
        else:
            row.sha256, row.document = digest, text
        changed += 1
    session.flush()
    transaction_memo(session).pop("content_sha", None)
    process_memo(session).pop("content_sha", None)
    return changed


def content_sha(session: Session) -> str:
    """One digest over all stored content documents (read every few seconds)."""
    memo = transaction_memo(session)
    if "content_sha" not in memo:
        kept = process_memo(session)
        read_at, digest = kept.get("content_sha", (0.0, ""))
        now = time.monotonic()
        if now - read_at >= DIGEST_SECONDS:
            digest = _digest(session)
            kept["content_sha"] = (now, digest)
        memo["content_sha"] = digest
    sha: str = memo["content_sha"]
    return sha


def _digest(session: Session) -> str:
    """Read the documents' digests and combine them."""
    rows = session.execute(select(SimContent.key, SimContent.sha256)).all()
    if len(rows) < len(FILES):
        raise ContentError("Simulator content is not loaded: run `flask seed`.")
    joined = ",".join(f"{k}={h}" for k, h in sorted(rows))
    return hashlib.sha256(joined.encode()).hexdigest()


def get_company(session: Session) -> Company:
    """The current Company, built once per content version and process."""
    sha = content_sha(session)
    if sha not in _CACHE:
        docs = {
            row.key: json.loads(row.document)
            for row in session.scalars(select(SimContent))
        }
        _CACHE.clear()
        _CACHE[sha] = Company.from_dict(docs)
    return _CACHE[sha]

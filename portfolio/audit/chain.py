"""Pure hash-chain arithmetic for the audit trail (no database)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(fields: Mapping[str, Any]) -> str:
    """Serialise fields deterministically: sorted keys, no whitespace, ASCII."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def link_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """Hash of one link: SHA-256 over the previous hash and the canonical fields."""
    return hashlib.sha256((prev_hash + canonical(fields)).encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored audit row as the verifier sees it."""

    id: int
    fields: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold, and why."""

    id: int
    reason: str


def verify(links: Iterable[Link]) -> Break | None:
    """Return the first broken link in id order, or None when the chain holds."""
    expected_prev = GENESIS
    for link in links:
        if link.prev_hash != expected_prev:
            return Break(link.id, "previous-hash does not match the row before it")
        if link_hash(link.prev_hash, link.fields) != link.hash:
            return Break(link.id, "row content does not match its hash")
        expected_prev = link.hash
    return None

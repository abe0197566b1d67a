"""How much volume data to make, and the fixed clock it is dated from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DOMAIN = "load.example"
PASSWORD = "load-test-password-2026"
EPOCH = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class LoadSpec:
    """Counts of each kind of row (the defaults are a large training provider)."""

    learners: int = 1000
    cohorts: int = 40
    assessors: int = 25
    iqas: int = 5
    runs: int = 5000
    actions: int = 50000
    evidence: int = 20000
    testimonies: int = 3000
    seed: int = 1


def at(minutes: int) -> datetime:
    """A moment ``minutes`` after the epoch (every timestamp is deterministic)."""
    return EPOCH + timedelta(minutes=minutes)


@dataclass
class People:
    """Ids and emails of the generated people, in creation order."""

    admin: tuple[int, str]
    learners: list[tuple[int, str]]
    assessors: list[tuple[int, str]]
    iqas: list[tuple[int, str]]
    supervisors: list[tuple[int, str]]
    supervisor_of: dict[int, int]
    assessor_of: dict[int, tuple[int, str]]
    supervisor_names: dict[int, str]

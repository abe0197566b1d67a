"""The policy handbook: numbered clauses with machine-readable thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from portfolio.simulator.domain.errors import SeedDataError
from portfolio.simulator.domain.money import dec


@dataclass(frozen=True)
class Clause:
    """One numbered clause; ``key`` is the stable name the engine looks it up by."""

    id: str
    key: str
    title: str
    text: str
    thresholds: Mapping[str, object]


@dataclass(frozen=True)
class Section:
    """A numbered group of clauses."""

    id: str
    title: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Policy:
    """The whole handbook."""

    company: str
    title: str
    version: str
    sections: tuple[Section, ...]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Policy:
        """Build from the parsed ``policy.yaml``."""
        try:
            sections = tuple(_section(s) for s in d["sections"])
            return cls(
                str(d.get("company", "")),
                str(d.get("title", "Policy")),
                str(d.get("version", "")),
                sections,
            )
        except (KeyError, TypeError) as exc:
            raise SeedDataError(
                f"policy: missing or malformed {exc}", "policy"
            ) from exc

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """Every clause in handbook order."""
        return tuple(c for s in self.sections for c in s.clauses)

    @cached_property
    def _by_key(self) -> dict[str, Clause]:
        """Clauses indexed by key."""
        return {c.key: c for c in self.clauses}

    def clause(self, key: str) -> Clause:
        """The clause with stable key ``key``."""
        try:
            return self._by_key[key]
        except KeyError as exc:
            raise SeedDataError(
                f"policy has no clause with key {key!r}", "policy"
            ) from exc

    def ref(self, key: str) -> str:
        """The clause id for ``key`` (what findings quote), e.g. ``2.3``."""
        return self.clause(key).id

    def value(self, key: str, name: str) -> object:
        """A raw threshold of clause ``key``, as the handbook gives it."""
        try:
            return self.clause(key).thresholds[name]
        except KeyError as exc:
            raise SeedDataError(
                f"policy {key} has no threshold {name!r}", "policy"
            ) from exc

    @cached_property
    def _numbers(self) -> dict[tuple[str, str], Decimal]:
        """Parsed numeric thresholds (filled on first use)."""
        return {}

    def number(self, key: str, name: str) -> Decimal:
        """A numeric threshold as a Decimal."""
        if (key, name) not in self._numbers:
            self._numbers[key, name] = dec(self.value(key, name))
        return self._numbers[key, name]

    def integer(self, key: str, name: str) -> int:
        """A whole-number threshold."""
        value = self.value(key, name)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise SeedDataError(f"policy {key} {name} must be a number", "policy")
        return int(value)

    def text(self, key: str, name: str) -> str:
        """A threshold written as text (a role, a time, a product code)."""
        return str(self.value(key, name))

    def words(self, key: str, name: str) -> tuple[str, ...]:
        """A threshold that lists words or phrases."""
        value = self.value(key, name)
        if not isinstance(value, list | tuple):
            raise SeedDataError(f"policy {key} {name} must be a list", "policy")
        return tuple(str(v) for v in value)


def _section(d: Mapping[str, Any]) -> Section:
    """Build one section."""
    clauses = tuple(
        Clause(
            str(c["id"]),
            str(c["key"]),
            str(c["title"]),
            str(c["text"]).strip(),
            dict(c.get("thresholds") or {}),
        )
        for c in d["clauses"]
    )
    return Section(str(d["id"]), str(d["title"]), clauses)

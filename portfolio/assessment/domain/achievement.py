"""Achievement: which criteria accepted evidence achieves, and sufficiency."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from portfolio.evidence.domain.workflow import Status
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind

# Evidence statuses that count towards achievement (a discussion record counts too).
COUNTED = frozenset({Status.ACCEPTED})


@dataclass(frozen=True)
class EvidenceFact:
    """One piece of judged evidence: its kind, status and the criteria judged met.

    ``status`` is the item's evidence status (a discussion record is "accepted");
    ``met`` holds codes from the item's current, not reopened, decision.
    """

    item_id: int
    kind: str
    status: str
    order_type: str | None
    met: frozenset[str]


@dataclass(frozen=True)
class CriterionProgress:
    """Whether one criterion is achieved and by which kinds of evidence."""

    code: str
    kind: CriterionKind
    kinds: frozenset[str]
    needed: int
    item_ids: tuple[int, ...]

    @property
    def achieved(self) -> bool:
        """Enough different kinds of accepted evidence meet it."""
        return len(self.kinds) >= self.needed


@dataclass(frozen=True)
class Achievement:
    """Per-criterion progress for one learner's unit."""

    criteria: tuple[CriterionProgress, ...] = field(default_factory=tuple)

    @property
    def achieved_count(self) -> int:
        """How many criteria are achieved."""
        return sum(1 for c in self.criteria if c.achieved)

    @property
    def total(self) -> int:
        """How many criteria the unit has."""
        return len(self.criteria)

    @property
    def range_total(self) -> int:
        """How many range criteria (order types) there are."""
        return sum(1 for c in self.criteria if c.kind == CriterionKind.RANGE)

    @property
    def range_covered(self) -> int:
        """How many range criteria are achieved."""
        return sum(
            1 for c in self.criteria if c.kind == CriterionKind.RANGE and c.achieved
        )

    @property
    def complete(self) -> bool:
        """Every criterion, range included, is achieved."""
        return bool(self.criteria) and self.achieved_count == self.total

    @property
    def fraction(self) -> float:
        """Share of criteria achieved (0..1)."""
        return self.achieved_count / self.total if self.total else 0.0

    def missing(self) -> tuple[str, ...]:
        """Codes of criteria not yet achieved."""
        return tuple(c.code for c in self.criteria if not c.achieved)


def parse_sufficiency(text: str | None) -> dict[str, int]:
    """The unit's sufficiency JSON as {criterion kind: kinds of evidence needed}."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): max(1, int(v)) for k, v in raw.items() if str(v).isdigit()}


def counts_for(criterion: CriterionSpec, fact: EvidenceFact) -> bool:
    """Judged met, or (for a range criterion) any item of its order type."""
    if criterion.code in fact.met:
        return True
    return bool(
        criterion.kind == CriterionKind.RANGE
        and criterion.order_type
        and fact.order_type == criterion.order_type
    )


def achievement(
    criteria: Iterable[CriterionSpec],
    facts: Iterable[EvidenceFact],
    sufficiency: Mapping[str, int],
) -> Achievement:
    """Which criteria accepted evidence achieves.

    A criterion is achieved when accepted evidence of at least ``sufficiency[kind]``
    different evidence kinds is judged to meet it (default 1). A range criterion is
    also met by any accepted item of its order type. Withdrawn, returned, submitted
    or reopened evidence counts for nothing.
    """
    live = [f for f in facts if f.status in COUNTED]
    progress = []
    for c in criteria:
        hits = [f for f in live if counts_for(c, f)]
        progress.append(
            CriterionProgress(
                code=c.code,
                kind=c.kind,
                kinds=frozenset(f.kind for f in hits),
                needed=sufficiency.get(c.kind, 1),
                item_ids=tuple(sorted({f.item_id for f in hits})),
            )
        )
    return Achievement(tuple(progress))

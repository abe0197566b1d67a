"""The coverage matrix (criteria x evidence) as a pure computation.

Decisions are plugged in from outside: ``decisions[(item_id, code)]`` is the assessment
state of one cell (e.g. "met", "not_met"); without one, a cell shows the learner's claim
and the item's status ("claimed", "submitted", "accepted", "returned").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

ORDER_TYPES = ("standard", "bespoke", "urgent")
CLAIM_STATE = {
    "draft": "claimed",
    "submitted": "submitted",
    "accepted": "accepted",
    "returned": "returned",
}
# Higher is further along; used to pick the strongest state in a row.
STRENGTH = {
    None: 0,
    "claimed": 1,
    "returned": 1,
    "not_met": 1,
    "submitted": 2,
    "accepted": 3,
    "met": 3,
}
ACHIEVED = frozenset({"accepted", "met"})


@dataclass(frozen=True)
class CriterionRef:
    """One criterion as the matrix needs it."""

    code: str
    kind: str
    text: str
    order_type: str | None = None


@dataclass(frozen=True)
class ItemRef:
    """One evidence item with the criterion codes it claims."""

    id: int
    title: str
    kind: str
    status: str
    order_type: str | None
    claims: frozenset[str]
    tampered: bool = False


@dataclass(frozen=True)
class Cell:
    """The state of one (criterion, item) pair; None when not claimed."""

    item_id: int
    state: str | None


@dataclass(frozen=True)
class Row:
    """A criterion with one cell per item."""

    criterion: CriterionRef
    cells: tuple[Cell, ...]
    best: str | None

    @property
    def gap(self) -> bool:
        """No evidence claims this criterion."""
        return self.best is None

    @property
    def achieved(self) -> bool:
        """Accepted (or met) evidence covers this criterion."""
        return self.best in ACHIEVED


@dataclass(frozen=True)
class Matrix:
    """Rows per criterion, the items as columns, and order-type coverage."""

    rows: tuple[Row, ...]
    items: tuple[ItemRef, ...]
    order_types: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def gaps(self) -> tuple[str, ...]:
        """Codes of criteria no evidence claims yet."""
        return tuple(r.criterion.code for r in self.rows if r.gap)

    @property
    def missing_order_types(self) -> tuple[str, ...]:
        """Order types no evidence covers yet."""
        return tuple(t for t, ids in self.order_types if not ids)


def cell_state(
    item: ItemRef, code: str, decisions: Mapping[tuple[int, str], str]
) -> str | None:
    """The state of one cell: the decision if any, else the claim's status."""
    if code not in item.claims:
        return None
    return decisions.get((item.id, code)) or CLAIM_STATE.get(item.status, "claimed")


def _best(states: Iterable[str | None]) -> str | None:
    """The furthest-along state among ``states`` (None if all empty)."""
    return max(states, key=lambda s: STRENGTH.get(s, 1), default=None)


def _typed(item: ItemRef, criterion: CriterionRef) -> ItemRef:
    """An item of a range criterion's order type counts for it, claimed or not."""
    if (
        criterion.kind == "range"
        and criterion.order_type
        and (item.order_type == criterion.order_type)
    ):
        return replace(item, claims=item.claims | {criterion.code})
    return item


def build_matrix(
    criteria: Iterable[CriterionRef],
    items: Iterable[ItemRef],
    decisions: Mapping[tuple[int, str], str] | None = None,
) -> Matrix:
    """Compute the coverage matrix; withdrawn items are left out."""
    decided = decisions or {}
    live = tuple(i for i in items if i.status != "withdrawn")
    rows = []
    for criterion in criteria:
        cells = tuple(
            Cell(i.id, cell_state(_typed(i, criterion), criterion.code, decided))
            for i in live
        )
        rows.append(Row(criterion, cells, _best(c.state for c in cells)))
    by_type = tuple(
        (t, tuple(i.id for i in live if i.order_type == t)) for t in ORDER_TYPES
    )
    return Matrix(tuple(rows), live, by_type)

"""The coverage matrix (criteria x evidence) as a pure computation.

Decisions are plugged in from outside: ``decisions[(item_id, code)]`` is the assessment
state of one cell ("met", "not_met"); without one, a cell shows the learner's claim
and the item's status ("claimed", "submitted", "accepted", "returned").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from portfolio.evidence.domain.workflow import Status
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType


class CellState(StrEnum):
    """What one (criterion, item) cell shows: the claim's status or the decision."""

    CLAIMED = "claimed"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    MET = "met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        """The state as a person reads it."""
        return _CELL_LABELS[self]


_CELL_LABELS = {
    CellState.CLAIMED: "Claimed (draft)",
    CellState.SUBMITTED: "Submitted",
    CellState.ACCEPTED: "Accepted",
    CellState.RETURNED: "Returned",
    CellState.MET: "Met",
    CellState.NOT_MET: "Not yet met",
}
# The claim's state follows the item's evidence status.
CLAIM_STATE: dict[str, CellState] = {
    Status.DRAFT: CellState.CLAIMED,
    Status.SUBMITTED: CellState.SUBMITTED,
    Status.ACCEPTED: CellState.ACCEPTED,
    Status.RETURNED: CellState.RETURNED,
}
# Higher is further along; used to pick the strongest state in a row.
STRENGTH: dict[str | None, int] = {
    None: 0,
    CellState.CLAIMED: 1,
    CellState.RETURNED: 1,
    CellState.NOT_MET: 1,
    CellState.SUBMITTED: 2,
    CellState.ACCEPTED: 3,
    CellState.MET: 3,
}
ACHIEVED = frozenset({CellState.ACCEPTED, CellState.MET})
_DECIDED = frozenset({CellState.MET.value, CellState.NOT_MET.value})


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
    state: CellState | None


@dataclass(frozen=True)
class Row:
    """A criterion with one cell per item."""

    criterion: CriterionSpec
    cells: tuple[Cell, ...]
    best: CellState | None

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
    order_types: tuple[tuple[OrderType, tuple[int, ...]], ...]

    @property
    def gaps(self) -> tuple[str, ...]:
        """Codes of criteria no evidence claims yet."""
        return tuple(r.criterion.code for r in self.rows if r.gap)

    @property
    def missing_order_types(self) -> tuple[OrderType, ...]:
        """Order types no evidence covers yet."""
        return tuple(t for t, ids in self.order_types if not ids)


def cell_state(
    item: ItemRef, code: str, decisions: Mapping[tuple[int, str], str]
) -> CellState | None:
    """The state of one cell: the decision if any, else the claim's status."""
    if code not in item.claims:
        return None
    decided = decisions.get((item.id, code))
    if decided in _DECIDED:
        return CellState(decided)
    return CLAIM_STATE.get(item.status, CellState.CLAIMED)


def _best(states: Iterable[CellState | None]) -> CellState | None:
    """The furthest-along state among ``states`` (None if all empty)."""
    return max(states, key=lambda s: STRENGTH.get(s, 1), default=None)


def _typed(item: ItemRef, criterion: CriterionSpec) -> ItemRef:
    """An item of a range criterion's order type counts for it, claimed or not."""
    if (
        criterion.kind == CriterionKind.RANGE
        and criterion.order_type
        and (item.order_type == criterion.order_type)
    ):
        return replace(item, claims=item.claims | {criterion.code})
    return item


def build_matrix(
    criteria: Iterable[CriterionSpec],
    items: Iterable[ItemRef],
    decisions: Mapping[tuple[int, str], str] | None = None,
) -> Matrix:
    """Compute the coverage matrix; withdrawn items are left out."""
    decided = decisions or {}
    live = tuple(i for i in items if i.status != Status.WITHDRAWN)
    rows = []
    for criterion in criteria:
        cells = tuple(
            Cell(i.id, cell_state(_typed(i, criterion), criterion.code, decided))
            for i in live
        )
        rows.append(Row(criterion, cells, _best(c.state for c in cells)))
    by_type = tuple(
        (t, tuple(i.id for i in live if i.order_type == t)) for t in OrderType
    )
    return Matrix(tuple(rows), live, by_type)


class CoverageState(StrEnum):
    """Where one criterion stands: the vocabulary the coverage page and PDF share."""

    GAP = "gap"
    CLAIMED = "claimed"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    PART_MET = "part_met"  # accepted evidence, but not yet enough kinds of it
    MET = "met"

    @property
    def label(self) -> str:
        """The state as a person reads it."""
        return _COVERAGE_LABELS[self]


_COVERAGE_LABELS = {
    CoverageState.GAP: "Gap",
    CoverageState.CLAIMED: "Claimed only",
    CoverageState.RETURNED: "Returned",
    CoverageState.SUBMITTED: "Submitted",
    CoverageState.PART_MET: "Partly met",
    CoverageState.MET: "Met",
}
# What an item's cell contributes to its criterion's state.
_FROM_CELL = {
    CellState.CLAIMED: CoverageState.CLAIMED,
    CellState.SUBMITTED: CoverageState.SUBMITTED,
    CellState.ACCEPTED: CoverageState.MET,
    CellState.MET: CoverageState.MET,
    CellState.RETURNED: CoverageState.RETURNED,
    CellState.NOT_MET: CoverageState.RETURNED,
}
# The criterion shows the furthest-along state of its items: met beats waiting for
# the assessor, which beats waiting for the learner (returned), which beats a draft.
_ORDER = tuple(CoverageState)


@dataclass(frozen=True)
class CriterionCoverage:
    """One criterion's state, with each claiming item and that item's state."""

    criterion: CriterionSpec
    state: CoverageState
    items: tuple[tuple[ItemRef, CoverageState], ...]

    @property
    def counts(self) -> tuple[tuple[CoverageState, int], ...]:
        """How many items are in each state, furthest along first, zeros left out."""
        tally = Counter(s for _, s in self.items)
        return tuple((s, tally[s]) for s in reversed(_ORDER) if tally[s])


def criterion_coverage(
    row: Row, items: tuple[ItemRef, ...], achieved: bool | None = None
) -> CriterionCoverage:
    """Summarise one matrix row: the items that claim it and the resulting state.

    A draft counts as "claimed only", so a range order type is covered only by
    submitted or assessed evidence. ``achieved`` is the unit's own verdict
    (sufficiency included): accepted evidence that is not yet enough is "partly
    met", and an achieved criterion is "met" (when known; ``None`` leaves the
    state as the items give it).
    """
    by_id = {i.id: i for i in items}
    claimed = tuple(
        (by_id[c.item_id], _FROM_CELL[c.state]) for c in row.cells if c.state
    )
    state = max((s for _, s in claimed), key=_ORDER.index, default=CoverageState.GAP)
    if achieved:
        state = CoverageState.MET
    elif achieved is False and state == CoverageState.MET:
        state = CoverageState.PART_MET
    return CriterionCoverage(row.criterion, state, claimed)


def coverage_summary(
    matrix: Matrix,
    *,
    order_type: str | None = None,
    states: Iterable[str] = (),
    achieved: Container[str] | None = None,
) -> tuple[tuple[CriterionKind, tuple[CriterionCoverage, ...]], ...]:
    """Criteria grouped by kind, optionally only items of one order type or states.

    ``achieved``: the codes the unit counts as achieved (see ``criterion_coverage``);
    with an order type chosen, only that type's evidence is shown, so no verdict.
    """
    items = tuple(
        i for i in matrix.items if not order_type or i.order_type == order_type
    )
    keep = {i.id for i in items}
    wanted = frozenset(states)
    groups: dict[CriterionKind, list[CriterionCoverage]] = {}
    for row in matrix.rows:
        cells = tuple(c for c in row.cells if c.item_id in keep)
        verdict = (
            None if achieved is None or order_type else row.criterion.code in achieved
        )
        summary = criterion_coverage(replace(row, cells=cells), items, verdict)
        if not wanted or summary.state in wanted:
            groups.setdefault(row.criterion.kind, []).append(summary)
    return tuple((k, tuple(v)) for k, v in groups.items())

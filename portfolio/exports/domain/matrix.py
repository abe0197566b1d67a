"""The coverage matrix as the PDF prints it: criteria rows and their items."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatrixEntry:
    """One evidence item mapped to a criterion, in the coverage view's vocabulary.

    ``state`` is a ``CoverageState`` value: "claimed", "submitted", "part_met",
    "met", "returned".
    """

    ref: str
    title: str
    state: str
    label: str = ""


@dataclass(frozen=True)
class MatrixRow:
    """A criterion row of the coverage matrix; ``state`` adds "gap"."""

    code: str
    text: str
    achieved: bool
    entries: tuple[MatrixEntry, ...] = ()
    state: str = "gap"
    label: str = "Gap"

"""The kinds of evidence and where it happened: the vocabulary, defined once."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """The kinds of evidence a portfolio holds (PRODUCT.md section 4)."""

    WORK_PRODUCT = "work_product"
    WITNESS_TESTIMONY = "witness_testimony"
    REFLECTION = "reflection"
    PROFESSIONAL_DISCUSSION = "professional_discussion"
    OBSERVATION = "observation"
    # A work product copied from a simulator run. Items store it as WORK_PRODUCT
    # with a ``sim_run_id``; readers (the portfolio report) show it as its own kind.
    SIMULATOR_RECORD = "simulator_record"

    @property
    def label(self) -> str:
        """The kind as a person reads it."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.WORK_PRODUCT: "Work product",
    Kind.WITNESS_TESTIMONY: "Witness testimony",
    Kind.REFLECTION: "Reflection",
    Kind.PROFESSIONAL_DISCUSSION: "Professional discussion record",
    Kind.OBSERVATION: "Observation",
    Kind.SIMULATOR_RECORD: "Simulator record",
}

# The kinds an evidence item row stores, in the order lists and filters show them.
ITEM_KINDS: tuple[Kind, ...] = (
    Kind.WORK_PRODUCT,
    Kind.WITNESS_TESTIMONY,
    Kind.REFLECTION,
    Kind.PROFESSIONAL_DISCUSSION,
    Kind.OBSERVATION,
)
# The kinds a learner writes up as a text record.
RECORD_KINDS: tuple[Kind, ...] = (Kind.PROFESSIONAL_DISCUSSION, Kind.OBSERVATION)
# The kinds the API creates from JSON (files and testimonies have their own routes).
WRITTEN_KINDS: tuple[Kind, ...] = (Kind.REFLECTION, *RECORD_KINDS)


def shown_kind(kind: str, *, from_simulator: bool) -> Kind:
    """The kind a reader sees: a simulator run's work product is a simulator record."""
    stored = Kind(kind)
    if stored == Kind.WORK_PRODUCT and from_simulator:
        return Kind.SIMULATOR_RECORD
    return stored


class Context(StrEnum):
    """Where the evidence comes from."""

    WORKPLACE = "workplace"
    SIMULATION = "simulation"

    @property
    def label(self) -> str:
        """The context as a person reads it: "Workplace" or "Simulation"."""
        return self.value.capitalize()


def item_kind(value: str) -> Kind:
    """The stored kind ``value`` names; ValueError for anything an item cannot be."""
    kind = Kind(value)
    if kind not in ITEM_KINDS:
        raise ValueError(f"{value!r} is not a kind an evidence item stores")
    return kind

"""Lifecycle documents in plain English: delivery notes, backorders, deposits, credits.

The same plain data feeds the workspace, the debrief and portfolio evidence; dates
read "27 Jul 2026", times "Tue 27 Jul 10:00" and money "£1,234.50".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portfolio.simulator.domain.clock import at, clock_text, parse_start, uk_date
from portfolio.simulator.domain.engine.documents import TITLES
from portfolio.simulator.domain.engine.records import Document
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.money import gbp
from portfolio.simulator.domain.scenarios.model import Scenario

# What each document shows towards the marking points (for the evidence mapping).
DOCUMENT_CRITERIA: dict[str, tuple[str, ...]] = {
    "delivery_note": ("MP1", "MP3"),
    "backorder": ("MP3",),
    "deposit_request": ("MP4",),
    "credit_note": ("MP3",),
    "returns_authorisation": ("MP3",),
}
PURPOSE = {
    "delivery_note": "Travels with the goods: what was picked, dispatched and "
    "delivered in this shipment.",
    "backorder": "What could not be sent from free stock, and when it is expected.",
    "deposit_request": "The deposit the policy requires before a made-to-order "
    "item goes into production.",
    "credit_note": "The express delivery charge credited because the carrier "
    "did not deliver next day.",
    "returns_authorisation": "Authorises the customer to send back goods they "
    "did not order; the right item is re-delivered.",
}


@dataclass(frozen=True)
class DocumentRow:
    """One product line of a document."""

    code: str
    name: str
    qty: int


@dataclass(frozen=True)
class DocumentView:
    """A lifecycle document ready to show (every value already in words)."""

    kind: str
    number: str
    title: str
    purpose: str
    order_number: str
    issued: str
    rows: tuple[DocumentRow, ...]
    facts: tuple[tuple[str, str], ...]
    cause: str
    criteria: tuple[str, ...]


def _when(scenario: Scenario, minutes: int | None) -> str:
    """A simulated moment as 'Tue 27 Jul 10:00'."""
    if minutes is None:
        return ""
    return clock_text(at(parse_start(scenario.start), minutes))


def _facts(scenario: Scenario, doc: Document) -> tuple[tuple[str, str], ...]:
    """The document's own details, labelled in words."""
    facts: list[tuple[str, str]] = []
    if doc.picked_at is not None:
        facts.append(("Picked", _when(scenario, doc.picked_at)))
    if doc.dispatched_at is not None:
        facts.append(("Dispatched", _when(scenario, doc.dispatched_at)))
    if doc.kind == "delivery_note":
        facts.append(("Delivered", _when(scenario, doc.at)))
    if doc.expected:
        facts.append(("Expected", uk_date(date.fromisoformat(doc.expected))))
    elif doc.kind == "backorder":
        facts.append(("Expected", "when the supplier confirms a date"))
    if doc.amount is not None:
        facts.append(("Amount", gbp(Decimal(doc.amount))))
    if doc.note:
        facts.append(("Note", doc.note[:1].upper() + doc.note[1:]))
    return tuple(facts)


def document_view(scenario: Scenario, st: RunState, doc: Document) -> DocumentView:
    """One lifecycle document in plain English."""
    cause = ""
    if doc.cause_seq is not None and 0 < doc.cause_seq <= len(st.log):
        entry = st.log[doc.cause_seq - 1]
        what = entry.kind.replace("_", " ")
        when = _when(scenario, entry.sim_time)
        cause = f"Raised after action {doc.cause_seq} ({what}, {when})"
    return DocumentView(
        doc.kind,
        doc.number,
        f"{TITLES[doc.kind]} {doc.number}",
        PURPOSE[doc.kind],
        doc.refers_to,
        _when(scenario, doc.at),
        tuple(DocumentRow(x.code, x.name, x.qty) for x in doc.lines),
        _facts(scenario, doc),
        cause,
        DOCUMENT_CRITERIA[doc.kind],
    )


def document_views(scenario: Scenario, st: RunState) -> list[DocumentView]:
    """Every lifecycle document of a run, in the order raised."""
    return [document_view(scenario, st, d) for d in st.documents]

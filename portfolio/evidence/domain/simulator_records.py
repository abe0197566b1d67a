"""Which criteria a simulator document can show, and the line that says how."""

from __future__ import annotations

from datetime import date
from typing import Any

from portfolio.evidence.domain.details import one_line

# The run's lifecycle documents (issue 11) follow the three core records.
LIFECYCLE_KINDS = (
    "delivery_note",
    "backorder",
    "deposit_request",
    "credit_note",
    "returns_authorisation",
)
DOCUMENT_KINDS = (
    "order_form",
    "confirmation_email",
    "follow_up_record",
    *LIFECYCLE_KINDS,
)
# Which marking points each document can show; the range criterion always applies.
DOCUMENT_CRITERIA: dict[str, tuple[str, ...]] = {
    "order_form": ("MP1", "MP4"),
    "confirmation_email": ("MP2",),
    "follow_up_record": ("MP3",),
    "delivery_note": ("MP1", "MP3"),
    "backorder": ("MP3",),
    "deposit_request": ("MP4",),
    "credit_note": ("MP3",),
    "returns_authorisation": ("MP3",),
}
DEFAULT_TITLES = {
    "order_form": "Completed order form",
    "confirmation_email": "Order confirmation email",
    "follow_up_record": "Order follow-up record",
}


DOCUMENT_LABELS = {
    "order_form": "order form",
    "confirmation_email": "confirmation email",
    "follow_up_record": "follow-up record",
    "delivery_note": "delivery note",
    "backorder": "backorder",
    "deposit_request": "deposit request",
    "credit_note": "credit note",
    "returns_authorisation": "returns authorisation",
}
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def record_title(order_type: str, customer: str, on: date, doc_kind: str) -> str:
    """A title that tells runs apart: type, customer, date, then the document.

    "Urgent order for Wells Insurance Brokers, 23 Feb 2026 — order form".
    """
    who = f" for {customer.strip()}" if customer.strip() else ""
    when = f"{on.day} {_MONTHS[on.month - 1]} {on.year}"
    label = DOCUMENT_LABELS.get(doc_kind, doc_kind.replace("_", " "))
    return f"{order_type.capitalize()} order{who}, {when} — {label}"[:200]


def suggested_codes(
    doc_kind: str, shown: list[str], range_code: str | None
) -> list[str]:
    """Criteria to pre-map: the run's criteria this document can show, plus range."""
    codes = [c for c in DOCUMENT_CRITERIA.get(doc_kind, ()) if c in shown]
    if range_code:
        codes.append(range_code)
    return codes


def justification(
    code: str, run_id: int, order_type: str, score: dict[str, Any]
) -> str:
    """A one-line, generated reason the learner can keep or change."""
    result = (score.get("criteria") or {}).get(code)
    if result is None:
        line = f"Simulated {order_type} order: completed end to end."
    else:
        verdict = "met" if result.get("met") else "not yet met"
        findings = result.get("findings") or []
        detail = findings[0].get("message") if findings else "no errors found"
        line = f"Simulated {order_type} order: {code} {verdict} ({detail})."
    return one_line(line)

"""Which criteria a simulator document can show, and the line that says how."""

from __future__ import annotations

from typing import Any

from portfolio.evidence.domain.details import one_line

DOCUMENT_KINDS = ("order_form", "confirmation_email", "follow_up_record")
# Which marking points each document can show; the range criterion always applies.
DOCUMENT_CRITERIA: dict[str, tuple[str, ...]] = {
    "order_form": ("MP1", "MP4"),
    "confirmation_email": ("MP2",),
    "follow_up_record": ("MP3",),
}
DEFAULT_TITLES = {
    "order_form": "Completed order form",
    "confirmation_email": "Order confirmation email",
    "follow_up_record": "Order follow-up record",
}


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
        line = f"Simulator run {run_id}: a completed {order_type} order."
    else:
        verdict = "met" if result.get("met") else "not yet met"
        findings = result.get("findings") or []
        detail = findings[0].get("message") if findings else "no errors found"
        line = f"Simulator run {run_id}: {code} {verdict} ({detail})."
    return one_line(line)

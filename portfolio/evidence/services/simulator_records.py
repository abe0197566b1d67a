"""Turn a finished simulator run's documents into draft work products."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.auth.models import User
from portfolio.errors import ValidationError
from portfolio.evidence import rules
from portfolio.evidence.models import EvidenceClaim, EvidenceItem
from portfolio.evidence.services.common import default_unit, unit_criteria
from portfolio.evidence.services.items import Details, create_item
from portfolio.core.time import utcnow

DOCUMENT_KINDS = ("order_form", "confirmation_email", "follow_up_record")
# Which marking points each document can show; the range criterion always applies.
DOCUMENT_CRITERIA = {
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


def _justification(code: str, run_id: int, order_type: str, score: dict) -> str:
    """A one-line, generated reason the learner can keep or change."""
    result = (score.get("criteria") or {}).get(code)
    if result is None:
        line = f"Simulator run {run_id}: a completed {order_type} order."
    else:
        verdict = "met" if result.get("met") else "not yet met"
        findings = result.get("findings") or []
        detail = findings[0].get("message") if findings else "no errors found"
        line = f"Simulator run {run_id}: {code} {verdict} ({detail})."
    return " ".join(line.split())[: rules.JUSTIFICATION_MAX]


def create_simulator_work_products(
    session: Session,
    *,
    learner: User,
    run_id: int,
    order_type: str,
    score: dict,
    documents: list[dict],
    criteria: list[str],
    actor: User,
) -> list[EvidenceItem]:
    """Create one draft work product per document, pre-mapped to ``criteria``."""
    if actor.id != learner.id:
        raise ValidationError("Only the learner can add their run to the portfolio.")
    rules.check_choice(order_type, rules.ORDER_TYPES, "order_type")
    by_code = unit_criteria(session, default_unit(session).id)
    range_code = next(
        (c.code for c in by_code.values() if c.order_type == order_type), None
    )
    created = []
    for doc in documents:
        kind = doc.get("kind")
        if kind not in DOCUMENT_KINDS:
            raise ValidationError(f"Unknown simulator document {kind!r}.")
        codes = suggested_codes(kind, list(criteria), range_code)
        scored = {c: (score.get("criteria") or {}).get(c) for c in codes}
        item = create_item(
            session,
            actor=actor,
            kind=rules.Kind.WORK_PRODUCT,
            details=Details(
                doc.get("title") or DEFAULT_TITLES[kind],
                utcnow().date(),
                "simulation",
                order_type,
            ),
            data={"document": doc, "run_id": run_id, "score": scored},
            sim_run_id=run_id,
        )
        item.versions[0].claims.extend(
            EvidenceClaim(
                criterion_id=by_code[c].id,
                justification=_justification(c, run_id, order_type, score),
            )
            for c in codes
            if c in by_code
        )
        created.append(item)
    session.flush()
    return created

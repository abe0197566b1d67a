"""Turn a finished simulator run's documents into draft work products."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ValidationError
from portfolio.evidence.domain.details import check_choice
from portfolio.evidence.domain.kinds import Context, Kind
from portfolio.evidence.domain.simulator_records import (
    DOCUMENT_KINDS,
    justification,
    record_title,
    suggested_codes,
)
from portfolio.evidence.models import EvidenceClaim, EvidenceItem
from portfolio.evidence.services.items import Details, create_item
from portfolio.evidence.services.queries import unit_criteria
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.framework.services import default_unit
from portfolio.simulator import services as simulator


def _work_product(
    session: Session,
    actor: User,
    doc: dict[str, Any],
    run_id: int,
    order_type: str,
    score: dict[str, Any],
    codes: list[str],
    customer: str,
) -> EvidenceItem:
    """A draft work product holding one document and its scores for ``codes``."""
    scored = {c: (score.get("criteria") or {}).get(c) for c in codes}
    today = utcnow().date()
    return create_item(
        session,
        actor=actor,
        kind=Kind.WORK_PRODUCT,
        details=Details(
            record_title(order_type, customer, today, doc["kind"]),
            today,
            Context.SIMULATION.value,
            order_type,
        ),
        data={"document": doc, "run_id": run_id, "score": scored},
        sim_run_id=run_id,
    )


def _customer_name(documents: list[dict[str, Any]]) -> str:
    """The customer's company name from the run's order form, if there is one."""
    for doc in documents:
        if doc.get("kind") == "order_form":
            customer = (doc.get("data") or {}).get("customer") or {}
            return str(customer.get("name") or "")
    return ""


def create_simulator_work_products(
    session: Session,
    *,
    learner: User,
    run_id: int,
    order_type: str,
    score: dict[str, Any],
    documents: list[dict[str, Any]],
    criteria: list[str],
    actor: User,
) -> list[EvidenceItem]:
    """Create one draft work product per document, pre-mapped to ``criteria``."""
    if actor.id != learner.id:
        raise ValidationError("Only the learner can add their run to the portfolio.")
    check_choice(order_type, ORDER_TYPE_VALUES, "order_type")
    by_code = unit_criteria(session, default_unit(session).id)
    range_code = next(
        (c.code for c in by_code.values() if c.order_type == order_type), None
    )
    created = []
    customer = _customer_name(documents)
    for doc in documents:
        kind = doc.get("kind")
        if kind not in DOCUMENT_KINDS:
            raise ValidationError(f"Unknown simulator document {kind!r}.")
        codes = suggested_codes(kind, list(criteria), range_code)
        item = _work_product(
            session, actor, doc, run_id, order_type, score, codes, customer
        )
        item.versions[0].claims.extend(
            EvidenceClaim(
                criterion_id=by_code[c].id,
                justification=justification(c, run_id, order_type, score),
            )
            for c in codes
            if c in by_code
        )
        created.append(item)
    session.flush()
    return created


def run_in_portfolio(session: Session, run_id: int, *, actor: User) -> bool:
    """Whether the actor already added this run's documents as evidence."""
    stmt = select(EvidenceItem.id).where(
        EvidenceItem.sim_run_id == run_id, EvidenceItem.learner_id == actor.id
    )
    return session.scalar(stmt.limit(1)) is not None


def add_simulator_run(
    session: Session, run_id: int, *, actor: User
) -> list[EvidenceItem]:
    """Add the actor's finished run as draft work products; [] if it is already in.

    NotFoundError for someone else's run, ConflictError for one not finished yet.
    """
    if run_in_portfolio(session, run_id, actor=actor):
        return []
    docs = simulator.run_documents(session, run_id, actor=actor)
    items = create_simulator_work_products(
        session, learner=actor, run_id=run_id, actor=actor, **docs
    )
    simulator.mark_run_in_portfolio(session, run_id, actor=actor)
    return items

"""The words a careful learner writes in the answer key's records."""

from __future__ import annotations

from typing import Any

from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import ReceivedEvent
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.order.approvals import ApprovalType, Requirement
from portfolio.simulator.domain.scenarios.model import ComplicationFacts, Scenario

PRE_ISSUES = {
    "stock_shortage": "stock_shortage",
    "wrong_product_code": "wrong_product_code",
    "unauthorised_caller": "unauthorised_caller",
    "credit_problem": "credit_hold",
}
ISSUE_TYPES = {**PRE_ISSUES, "quantity_change": "quantity_change"}
EVENT_ISSUES = {
    "supplier_delay": "supplier_delay",
    "partial_delivery": "delivery_problem",
    "customer_query": "customer_query",
    "late_delivery": "delivery_problem",
}


def issue_text(scenario: Scenario, comp: ComplicationFacts) -> dict[str, Any]:
    """A complete issue record for a complication found before submission."""
    facts = ", ".join(comp.key_facts)
    return {
        "issue_type": ISSUE_TYPES[comp.id],
        "problem": f"{comp.summary[0].upper()}{comp.summary[1:]} ({facts}).",
        "impact": "The order cannot be entered as first requested without checking.",
        "action": f"Agreed with the customer: {comp.handling}.",
        "resolution": f"Resolved before submission: {comp.handling} ({facts}).",
    }


def justification(scenario: Scenario, st: RunState, req: Requirement) -> str:
    """Why the approver should approve."""
    facts = scenario.truth.facts
    if req.type is ApprovalType.DISCOUNT:
        return (
            f"Customer asks for this discount: {facts.get('discount_reason', '')} "
            f"Order of {len(st.order.lines)} lines for account {st.order.account}."
        )
    if req.type is ApprovalType.CREDIT:
        return f"{req.reason}. The customer says: {facts.get('payment', '')}"
    return (
        "The customer has specified every option of the made-to-order items and the "
        "price is from the catalogue."
    )


def event_follow_up(ctx: Ctx, st: RunState, ev: ReceivedEvent) -> dict[str, Any]:
    """A complete follow-up record after an event."""
    customer = ctx.customer(st.order.account)
    contact = customer.contact(st.order.contact_id) if customer else None
    upcoming = sorted(p.due for p in st.pending if p.kind == "delivery")
    facts = ", ".join(ev.key_facts)
    record = {
        "channel": "phone",
        "who": contact.name if contact else "customer",
        "summary": f"Told the customer: {ev.message} ({facts})".strip(),
        "outcome": "The customer understands and accepts the new position.",
    }
    if upcoming:
        when = ctx.date(ctx.day(upcoming[0])).isoformat()
        record |= {
            "next_action": f"Check the delivery arrives on {when}",
            "next_action_date": when,
        }
    else:
        record["next_action"] = "No further action needed."
    return record

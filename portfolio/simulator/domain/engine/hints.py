"""Coaching hints for practice-mode refusals, and where assessment mode lets go."""

from __future__ import annotations

from portfolio.simulator.domain.order.state_machine import OrderState

S = OrderState
# In assessment mode these commands run from more states: confirming and
# submitting out of order is the learner's own responsibility, as at work.
ASSESSMENT_SOURCES: dict[str, frozenset[OrderState]] = {
    "submit_order": frozenset(
        {
            S.RECEIVED,
            S.DRAFT,
            S.READY,
            S.AWAITING_APPROVAL,
            S.AWAITING_CUSTOMER,
            S.CONFIRMED,
        }
    ),
    "send_confirmation": frozenset(
        {S.DRAFT, S.READY, S.AWAITING_APPROVAL, S.AWAITING_CUSTOMER, S.CONFIRMED}
    ),
}

HINTS: dict[str, str] = {
    "not_confirmed": "At work nothing stops you submitting early, but an order "
    "the customer has not accepted is the one that comes back wrong: send a "
    "confirmation and wait for the reply first.",
    "awaiting_reply": "Wait for the customer's reply (advance time) before acting "
    "on the confirmation.",
    "approval_pending": "An approver is still deciding: advance time for the "
    "decision before you confirm or submit.",
    "stock_unchecked": "Check stock on every line before you promise a date; an "
    "unchecked shortage becomes a backorder and a late, unhappy customer.",
    "warnings": "Deal with each warning (fix the order or acknowledge it with a "
    "reason that names what you checked) before submitting.",
    "approval": "Ask for the approval the policy requires before submitting; "
    "sales admin puts unapproved orders on hold.",
    "credit": "Credit control must approve an order on an account over its "
    "limit or on stop before it can go through.",
    "incomplete": "Fill in the missing details first: the confirmation is "
    "composed from the order.",
    "discontinued": "Offer the replacement product and confirm it with the "
    "customer; discontinued codes cannot be ordered.",
    "wrong_code": "Read the catalogue description of the code the customer "
    "quoted: when it is not what they describe, ask them and record the "
    "correction; at work the wrong code ships the wrong goods.",
    "unverified_caller": "Verify the caller against the CRM before anything "
    "with account details goes out; at work this is a data-protection incident.",
    "issues_open": "Record a resolution for each issue before closing the order.",
    "quantity": "Order in whole packs at or above the minimum quantity.",
    "discount_limit": "No one can approve a discount that large: offer what "
    "policy allows.",
    "state": "That step does not fit the order's current stage.",
    "nothing_scheduled": "Nothing is due yet: carry on with the order.",
    "weak_reason": "Say what you checked and why it is safe to go on, naming "
    "the warning's subject.",
}

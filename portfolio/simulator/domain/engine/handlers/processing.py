"""Handlers that move the order on: stock, warnings, approvals, confirm, submit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portfolio.simulator.domain.company.crm import Contact
from portfolio.simulator.domain.engine.actions import ACTION_KINDS
from portfolio.simulator.domain.engine.actors import (
    approver_decision,
    confirmation_reply,
    reply_minutes,
)
from portfolio.simulator.domain.engine.confirmation import content
from portfolio.simulator.domain.engine.consequences import admin_hold, disclosure
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.deliveries import on_submit
from portfolio.simulator.domain.engine.documents import backorders, deposit_request
from portfolio.simulator.domain.engine.events import order_number
from portfolio.simulator.domain.engine.guards import (
    Refusal,
    Refused,
    approval_refusals,
    refuse,
    with_hint,
)
from portfolio.simulator.domain.engine.lifecycle import with_base
from portfolio.simulator.domain.engine.modes import RunMode
from portfolio.simulator.domain.engine.records import (
    Ack,
    Approval,
    Confirmation,
    Pending,
    StockCheck,
)
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.engine.stock import check_line
from portfolio.simulator.domain.engine.warning_rules import (
    current_warnings,
    names_subject,
)
from portfolio.simulator.domain.order.model import snapshot
from portfolio.simulator.domain.order.state_machine import OrderState

Result = tuple[RunState, dict[str, Any]]
REPLY_MINUTES = {"phone": 0, "email": 30}


def check_stock(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Check availability of one line now and at the requested date."""
    line = st.order.line(p["line_id"])
    if line is None:
        refuse("unknown_line", f"There is no line {p['line_id']}.")
    result = check_line(ctx, st, st.order, line)
    rec = StockCheck(
        f"S{len(st.checks) + 1}",
        seq,
        st.clock,
        line.line_id,
        line.code,
        line.qty,
        st.order.requested_date,
        st.order.priority.value,
        result["outcome"],
        result,
    )
    return evolve(st, checks=st.checks + (rec,)), {"stock": result}


def acknowledge_warning(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Accept a warning, with the reason."""
    warning = next(
        (w for w in current_warnings(ctx, st) if w.key == p["warning_key"]), None
    )
    if warning is None:
        refuse("unknown_warning", "That warning is not showing on the order.")
    if not warning.ackable:
        refuse(
            "not_ackable",
            f"This warning cannot be acknowledged: {warning.message}",
            warning.clause,
        )
    if any(a.key == warning.key for a in st.acks):
        refuse("already_acknowledged", "You have already acknowledged that warning.")
    if st.mode is RunMode.PRACTICE and not names_subject(warning, p["reason"]):
        raise Refused(
            with_hint(
                Refusal(
                    "weak_reason",
                    "Give a reason that says what you checked about this warning "
                    f"({warning.message})",
                    warning.clause,
                )
            )
        )
    ack = Ack(seq, st.clock, warning.key, p["reason"])
    return evolve(st, acks=st.acks + (ack,)), {"acknowledged": warning.message}


def request_approval(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Ask an approver; the decision arrives after the approver's response time."""
    if any(a.status == "pending" and a.type == p["type"] for a in st.approvals):
        refuse(
            "approval_pending",
            f"A {p['type']} approval is already waiting for a decision.",
        )
    wait = ctx.policy.integer("approval_requests", f"{p['role']}_minutes")
    cost = ACTION_KINDS["request_approval"].minutes
    rec = _approval(ctx, st, p, seq, st.clock + cost + wait)
    order = st.order
    if order.base_state in (OrderState.DRAFT, OrderState.READY):
        order = with_base(order, OrderState.AWAITING_APPROVAL)
    pending = Pending(rec.due_at, "approval", rec.id)
    return evolve(
        st,
        order=order,
        approvals=st.approvals + (rec,),
        pending=st.pending + (pending,),
    ), {"approval_id": rec.id, "decision_due_in_minutes": cost + wait}


def _approval(
    ctx: Ctx, st: RunState, p: dict[str, Any], seq: int, due: int
) -> Approval:
    """The approval request, with the decision the approver will give at ``due``."""
    decision, message, req = approver_decision(
        ctx, st, p["type"], p["role"], p["justification"]
    )
    return Approval(
        f"A{len(st.approvals) + 1}",
        seq,
        st.clock,
        p["type"],
        p["role"],
        p["justification"],
        dict(req.basis) if req else {},
        req.clause if req else ctx.policy.ref("approval_requests"),
        due,
        decision,
        message,
    )


def send_confirmation(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Send the customer a confirmation composed from the order."""
    to = _recipient(ctx, st, p.get("to_contact_id"))
    account = st.order.account
    if st.mode is RunMode.PRACTICE and not any(
        v.account == account for v in st.verifications
    ):
        raise Refused(
            with_hint(
                Refusal(
                    "unverified_caller",
                    "The confirmation discloses account details: verify who you "
                    f"are dealing with on account {account} first.",
                    ctx.policy.ref("identity_check"),
                )
            )
        )
    # The sales-order number is given when the order is first confirmed.
    st = evolve(
        st, order=replace(st.order, number=st.order.number or order_number(ctx))
    )
    body = content(ctx, st.order, to)
    reply, text, diffs, fields = confirmation_reply(ctx, st, st.order)
    cost = ACTION_KINDS["send_confirmation"].minutes
    rec = Confirmation(
        f"CF{len(st.confirmations) + 1}",
        seq,
        st.clock,
        p["channel"],
        to.id,
        st.order.revision,
        body,
        st.clock + cost + reply_minutes(ctx, p["channel"]),
        reply,
        text,
        diffs,
        fields,
    )
    pending = Pending(rec.reply_due, "reply", rec.id)
    order = replace(st.order, state=OrderState.AWAITING_CUSTOMER)
    st = evolve(
        st,
        order=order,
        confirmations=st.confirmations + (rec,),
        pending=st.pending + (pending,),
    )
    if st.mode is RunMode.ASSESSMENT:
        st = disclosure(ctx, st, seq, order.account)
    return st, {"confirmation_id": rec.id, "to": to.name, "text": body["text"]}


def _recipient(ctx: Ctx, st: RunState, contact_id: str | None) -> Contact:
    """The contact the confirmation goes to (by default, the order's contact)."""
    customer = ctx.customer(st.order.account)
    if customer is None:
        refuse("unknown_account", f"No customer has account number {st.order.account}.")
    to = customer.contact(contact_id or st.order.contact_id)
    if to is None:
        refuse("unknown_contact", f"{contact_id} is not a contact on this account.")
    return to


def submit_order(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Place the order: allocate stock and schedule deliveries and events."""
    number = st.order.number or order_number(ctx)
    order = replace(st.order, state=OrderState.PROCESSING, number=number)
    missing = [
        r.message for r in approval_refusals(ctx, st, order) if r.code != "credit"
    ]
    st = evolve(
        st, order=order, submitted=order, submitted_seq=seq, submitted_at=st.clock
    )
    before = st
    st = on_submit(ctx, st)
    st = deposit_request(ctx, backorders(ctx, st, before, seq), seq)
    if missing and st.mode is RunMode.ASSESSMENT:
        st = admin_hold(ctx, st, seq, missing)
    return st, {"submitted": snapshot(order), "order_number": number}

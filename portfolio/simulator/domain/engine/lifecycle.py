"""Order state helpers: completeness, settling after edits, and holds."""

from __future__ import annotations

from dataclasses import replace

from portfolio.simulator.domain.engine.actors import missing_options
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.order.model import Order
from portfolio.simulator.domain.order.state_machine import OrderState


def incomplete(ctx: Ctx, order: Order) -> list[str]:
    """What the order still lacks before it can be confirmed."""
    gaps = [
        label
        for label, value in (
            ("no customer account", order.account),
            ("no contact", order.contact_id),
            ("no delivery address", order.delivery),
            ("no requested delivery date", order.requested_date),
        )
        if not value
    ]
    if not order.lines:
        gaps.append("no order lines")
    gaps += [f"specification incomplete: {m}" for m in missing_options(ctx, order)]
    return gaps


def settle(ctx: Ctx, st: RunState) -> OrderState:
    """Draft, ready or awaiting approval, from the order and pending approvals."""
    if any(a.status == "pending" for a in st.approvals):
        return OrderState.AWAITING_APPROVAL
    return OrderState.DRAFT if incomplete(ctx, st.order) else OrderState.READY


def with_base(order: Order, state: OrderState) -> Order:
    """Set the state (or, while on hold, the state the order will resume to)."""
    if order.state is OrderState.ON_HOLD:
        return replace(order, hold_from=state)
    return replace(order, state=state)

"""The order state machine as a data table: which command may run in which state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OrderState(StrEnum):
    """Every state an order can be in."""

    RECEIVED = "received"
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    READY = "ready"
    AWAITING_CUSTOMER = "awaiting_customer"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    PARTIALLY_DELIVERED = "partially_delivered"
    DELIVERED = "delivered"
    CLOSED = "closed"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"


class Target(StrEnum):
    """Where a command leads: a fixed state or a rule evaluated by the engine."""

    SAME = "same"  # state unchanged
    SETTLE = "settle"  # draft, ready or awaiting_approval, from the order's content
    AWAIT = "await"  # awaiting_approval when the order was draft/ready, else unchanged
    RESUME = "resume"  # back to the state the order was held from
    FIXED = "fixed"  # ``Transition.to``


S = OrderState
TERMINAL = frozenset({S.CLOSED, S.CANCELLED})
ALL = frozenset(S)
OPEN = ALL - TERMINAL
PRE_SUBMIT = frozenset(
    {
        S.RECEIVED,
        S.DRAFT,
        S.AWAITING_APPROVAL,
        S.READY,
        S.AWAITING_CUSTOMER,
        S.CONFIRMED,
    }
)
POST_SUBMIT = frozenset({S.PROCESSING, S.PARTIALLY_DELIVERED, S.DELIVERED})
EDITABLE = PRE_SUBMIT
CHECKABLE = (PRE_SUBMIT - {S.RECEIVED}) | {S.ON_HOLD}


@dataclass(frozen=True)
class Transition:
    """A command, the states it may start from, and where it leads."""

    command: str
    sources: frozenset[OrderState]
    target: Target
    to: OrderState | None = None
    actor: str = "learner"


def _t(
    command: str,
    sources: frozenset[OrderState],
    target: Target,
    to: OrderState | None = None,
    actor: str = "learner",
) -> Transition:
    """Shorthand for one table row."""
    return Transition(command, sources, target, to, actor)


TABLE: tuple[Transition, ...] = (
    _t("read_brief", ALL, Target.SAME),
    _t("search_crm", ALL, Target.SAME),
    _t("open_customer", ALL, Target.SAME),
    _t("search_catalogue", ALL, Target.SAME),
    _t("view_product", ALL, Target.SAME),
    _t("verify_caller", OPEN, Target.SAME),
    _t("ask_question", OPEN, Target.SAME),
    _t("set_order_header", EDITABLE, Target.SETTLE),
    _t("add_line", EDITABLE, Target.SETTLE),
    _t("update_line", EDITABLE, Target.SETTLE),
    _t("remove_line", EDITABLE, Target.SETTLE),
    _t("check_stock", CHECKABLE, Target.SAME),
    _t("acknowledge_warning", CHECKABLE, Target.SAME),
    _t("request_approval", CHECKABLE - {S.AWAITING_CUSTOMER}, Target.AWAIT),
    _t(
        "send_confirmation",
        frozenset({S.READY, S.CONFIRMED}),
        Target.FIXED,
        S.AWAITING_CUSTOMER,
    ),
    _t("submit_order", frozenset({S.CONFIRMED}), Target.FIXED, S.PROCESSING),
    _t("advance_time", OPEN, Target.SAME),
    _t("log_follow_up", OPEN, Target.SAME),
    _t("log_issue", OPEN, Target.SAME),
    _t("put_on_hold", OPEN - {S.ON_HOLD, S.DELIVERED}, Target.FIXED, S.ON_HOLD),
    _t("resume", frozenset({S.ON_HOLD}), Target.RESUME),
    _t("cancel_order", PRE_SUBMIT | {S.ON_HOLD}, Target.FIXED, S.CANCELLED),
    _t("close_order", frozenset({S.DELIVERED}), Target.FIXED, S.CLOSED),
    # Events raised by the simulated approver, customer and warehouse.
    _t(
        "approval_decided",
        frozenset({S.AWAITING_APPROVAL}),
        Target.SETTLE,
        actor="approver",
    ),
    _t(
        "customer_accepts",
        frozenset({S.AWAITING_CUSTOMER}),
        Target.FIXED,
        S.CONFIRMED,
        actor="customer",
    ),
    _t(
        "customer_differs",
        frozenset({S.AWAITING_CUSTOMER}),
        Target.SETTLE,
        actor="customer",
    ),
    _t(
        "partial_delivery",
        frozenset({S.PROCESSING, S.PARTIALLY_DELIVERED}),
        Target.FIXED,
        S.PARTIALLY_DELIVERED,
        actor="warehouse",
    ),
    _t(
        "delivery_complete",
        frozenset({S.PROCESSING, S.PARTIALLY_DELIVERED}),
        Target.FIXED,
        S.DELIVERED,
        actor="warehouse",
    ),
)
TRANSITIONS: dict[str, Transition] = {t.command: t for t in TABLE}

STATE_LABELS: dict[OrderState, str] = {
    S.RECEIVED: "received (not started)",
    S.DRAFT: "a draft",
    S.AWAITING_APPROVAL: "waiting for an approval",
    S.READY: "ready to confirm",
    S.AWAITING_CUSTOMER: "waiting for the customer's reply",
    S.CONFIRMED: "confirmed by the customer",
    S.PROCESSING: "submitted and being processed",
    S.PARTIALLY_DELIVERED: "partly delivered",
    S.DELIVERED: "delivered",
    S.CLOSED: "closed",
    S.ON_HOLD: "on hold",
    S.CANCELLED: "cancelled",
}


def allowed_from(command: str, state: OrderState) -> bool:
    """Whether ``command`` may start while the order is in ``state``."""
    return state in TRANSITIONS[command].sources


def fixed_target(command: str) -> OrderState | None:
    """The fixed destination of ``command``, if it has one."""
    row = TRANSITIONS[command]
    return row.to if row.target is Target.FIXED else None

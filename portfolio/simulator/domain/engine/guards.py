"""Guards: the reasons a command is refused (logged, never applied)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NoReturn

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.hints import ASSESSMENT_SOURCES, HINTS
from portfolio.simulator.domain.engine.lifecycle import incomplete
from portfolio.simulator.domain.engine.modes import RunMode, enforced
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.engine.stock import current_check
from portfolio.simulator.domain.engine.warning_rules import current_warnings
from portfolio.simulator.domain.order.approvals import (
    ApprovalType,
    covers,
    required_approvals,
)
from portfolio.simulator.domain.order.model import Order
from portfolio.simulator.domain.order.state_machine import (
    POST_SUBMIT,
    PRE_SUBMIT,
    STATE_LABELS,
    TRANSITIONS,
    OrderState,
)


@dataclass(frozen=True)
class Refusal:
    """Why a command was refused; ``code`` is what scoring reads."""

    code: str
    message: str
    clause: str = ""
    hint: str = ""


class Refused(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by a handler to refuse the command."""

    def __init__(self, *refusals: Refusal) -> None:
        """Refuse for every one of ``refusals``."""
        super().__init__("; ".join(r.message for r in refusals))
        self.refusals = refusals


def refuse(code: str, message: str, clause: str = "") -> NoReturn:
    """Refuse with one reason."""
    raise Refused(Refusal(code, message, clause))


STATE_CODES = {
    OrderState.AWAITING_CUSTOMER: "awaiting_reply",
    OrderState.AWAITING_APPROVAL: "approval_pending",
    OrderState.ON_HOLD: "on_hold",
}


def gate(ctx: Ctx, st: RunState, kind: str) -> list[Refusal]:
    """The refusals that apply in the run's mode (practice adds coaching hints)."""
    if st.mode is RunMode.PRACTICE:
        return [with_hint(r) for r in guided_gate(ctx, st, kind)]
    if kind in ASSESSMENT_SOURCES and st.order.state in ASSESSMENT_SOURCES[kind]:
        out = confirmation_guards(ctx, st)
        if kind == "submit_order":
            out += submit_guards(ctx, st)
        return [r for r in out if enforced(st.mode, r.code)]
    return [r for r in guided_gate(ctx, st, kind) if _real(st.order.state, kind, r)]


STATE_CODES_REAL = frozenset(
    {"state", "on_hold", "awaiting_reply", "approval_pending", "not_confirmed"}
)


def _real(state: OrderState, kind: str, r: Refusal) -> bool:
    """Whether a real order system would also refuse (assessment mode)."""
    if state not in TRANSITIONS[kind].sources and r.code in STATE_CODES_REAL:
        return True
    return enforced(RunMode.ASSESSMENT, r.code)


def with_hint(r: Refusal) -> Refusal:
    """The refusal with its coaching hint (practice mode)."""
    return replace(r, hint=HINTS.get(r.code.split(":")[0], ""))


def guided_gate(ctx: Ctx, st: RunState, kind: str) -> list[Refusal]:
    """The state-table check, plus every guard of the commands that have them."""
    state = st.order.state
    out: list[Refusal] = []
    if state not in TRANSITIONS[kind].sources:
        code = (
            "not_confirmed"
            if kind == "submit_order"
            and state
            not in (
                OrderState.AWAITING_CUSTOMER,
                OrderState.AWAITING_APPROVAL,
                OrderState.ON_HOLD,
            )
            and state not in POST_SUBMIT
            else STATE_CODES.get(state, "state")
        )
        clause = ctx.policy.ref("confirmation") if code == "not_confirmed" else ""
        out.append(Refusal(code, _state_message(kind, state), clause))
    extra = GUARDS.get(kind)
    explain = kind in ("submit_order", "send_confirmation") and state in PRE_SUBMIT
    if extra and (not out or explain):
        out += extra(ctx, st)
    return out


def _state_message(kind: str, state: OrderState) -> str:
    """Why a command cannot run in this state."""
    label = kind.replace("_", " ")
    if kind == "submit_order" and state in (
        OrderState.DRAFT,
        OrderState.READY,
        OrderState.RECEIVED,
    ):
        return (
            "The order can't be submitted: the customer has not accepted a "
            "confirmation "
            "of the order as it stands."
        )
    return f"You can't {label} while the order is {STATE_LABELS[state]}."


def confirmation_guards(ctx: Ctx, st: RunState) -> list[Refusal]:
    """The order must be complete before a confirmation can be composed."""
    gaps = incomplete(ctx, st.order)
    if not gaps:
        return []
    return [
        Refusal(
            "incomplete",
            "The order is not complete: " + "; ".join(gaps) + ".",
            ctx.policy.ref("order_entry"),
        )
    ]


def submit_guards(ctx: Ctx, st: RunState) -> list[Refusal]:
    """Stock checks, warnings, approvals and product rules checked at submission."""
    order = st.order
    out = [
        Refusal(
            "discontinued",
            f"Line {ln.line_id}: {ln.code} is discontinued.",
            ctx.policy.ref("product_codes"),
        )
        for ln in order.lines
        if (p := ctx.product(ln.code)) and p.discontinued
    ]
    out += stock_refusals(ctx, st, order)
    open_warnings = [
        w
        for w in current_warnings(ctx, st)
        if w.ackable and w.key not in {a.key for a in st.acks}
    ]
    out += [
        Refusal("warnings", f"Unacknowledged warning: {w.message}", w.clause)
        for w in open_warnings
    ]
    out += approval_refusals(ctx, st, order)
    return out


def stock_refusals(ctx: Ctx, st: RunState, order: Order) -> list[Refusal]:
    """Lines without a current stock check."""
    ref = ctx.policy.ref("stock_check")
    return [
        Refusal(
            "stock_unchecked",
            f"Line {ln.line_id} ({ln.code}) has no current stock check.",
            ref,
        )
        for ln in order.lines
        if (p := ctx.product(ln.code))
        and p.kind is not ProductKind.SERVICE
        and current_check(ctx, st, order, ln) is None
    ]


def approval_refusals(ctx: Ctx, st: RunState, order: Order) -> list[Refusal]:
    """Required approvals that are missing or no longer cover the order."""
    customer = ctx.customer(order.account)
    out = []
    for req in required_approvals(ctx.company, customer, order):
        if not any(
            a.status == "approved" and covers(a.type, a.role, a.basis, req)
            for a in st.approvals
        ):
            code = (
                "credit"
                if req.type is ApprovalType.CREDIT
                else f"approval:{req.type.value}"
            )
            out.append(Refusal(code, f"Approval needed: {req.reason}.", req.clause))
    return out


def resume_guards(ctx: Ctx, st: RunState) -> list[Refusal]:
    """A credit hold may only be lifted once credit control has approved."""
    if st.order.hold_reason == "sales_admin":
        order = st.submitted or st.order
        return [r for r in approval_refusals(ctx, st, order) if r.code != "credit"]
    if st.order.hold_from in POST_SUBMIT:
        return []
    return [r for r in approval_refusals(ctx, st, st.order) if r.code == "credit"]


def cancel_guards(ctx: Ctx, st: RunState) -> list[Refusal]:
    """Submitted orders cannot be cancelled here."""
    if st.order.state is OrderState.ON_HOLD and st.order.hold_from in POST_SUBMIT:
        return [
            Refusal(
                "submitted",
                "This order has been submitted: ask your supervisor to "
                "cancel it (made-to-order items are non-cancellable).",
                ctx.policy.ref("bespoke_non_cancellable"),
            )
        ]
    return []


def close_guards(ctx: Ctx, st: RunState) -> list[Refusal]:
    """Every issue must be resolved before closing."""
    return [
        Refusal(
            "issues_open",
            f"Issue {tid} has no resolution yet.",
            ctx.policy.ref("close"),
        )
        for tid, recs in st.threads().items()
        if not any(r.resolution for r in recs)
    ]


GUARDS = {
    "send_confirmation": confirmation_guards,
    "submit_order": submit_guards,
    "resume": resume_guards,
    "cancel_order": cancel_guards,
    "close_order": close_guards,
}

"""The simulated customer and approver: they answer from the truth and the policy."""

from __future__ import annotations

from decimal import Decimal

from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.differences import customer_view, differences
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.approvals import (
    ROLE_LABELS,
    TYPE_ROLES,
    ApprovalType,
    Requirement,
    Role,
    required_approvals,
    role_limit,
)
from portfolio.simulator.domain.order.model import Order

Reply = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def confirmation_reply(ctx: Ctx, st: RunState, order: Order) -> Reply:
    """(reply, text, differences, fields): ``accepted``, ``differs`` or ``amended``."""
    if order.account != ctx.scenario.truth.account:
        return _stranger(ctx, order)
    amendment = ctx.scenario.truth.amendment
    diffs = differences(
        ctx.company, customer_view(ctx.scenario, st), order, contact=False
    )
    said = tuple(d.said for d in diffs)
    fields = tuple(d.field for d in diffs)
    if amendment and not st.amended:
        product = ctx.product(amendment.code)
        name = product.name if product else amendment.code
        text = (
            f"Thanks for this. One change before you go ahead: we now need "
            f"{amendment.to_qty} of the {name} ({amendment.code}) instead of "
            f"{amendment.from_qty}. Sorry for the late change!"
        )
        if said:
            text += "\nAlso:\n" + "\n".join(f"- {x}" for x in said)
        return "amended", text, said, fields
    if not diffs:
        return "accepted", "Thanks, that's all correct. Please go ahead.", (), ()
    text = (
        "That's not quite right:\n"
        + "\n".join(f"- {s}" for s in said)
        + "\nCould you correct it and send it again?"
    )
    return "differs", text, said, fields


def _stranger(ctx: Ctx, order: Order) -> Reply:
    """A confirmation sent to the wrong customer: they never placed this order."""
    wrong = ctx.customer(order.account)
    said = (
        f"We're {wrong.company if wrong else 'not your customer'} and we haven't "
        "placed an order with you: this must be meant for someone else."
    )
    return "differs", said, (said,), ("account",)


Decision = tuple[str, str, Requirement | None]


def approver_decision(
    ctx: Ctx, st: RunState, kind: str, role: str, justification: str
) -> Decision:
    """(``approved``/``rejected``, message, requirement) by policy and reasons."""
    customer = ctx.customer(st.order.account)
    reqs = required_approvals(ctx.company, customer, st.order)
    req = next((r for r in reqs if r.type.value == kind), None)
    problem = _general_problem(ctx, kind, role, justification, req)
    if problem is None and req is not None:
        problem = _SPECIFIC[req.type](ctx, st, req, Role(role), justification)
    if problem or req is None:
        return "rejected", f"Rejected: {problem}", req
    what = {
        ApprovalType.DISCOUNT: f"{pct_text(_top(st))}% discount",
        ApprovalType.CREDIT: "credit released for this order",
        ApprovalType.BESPOKE: "specification and price signed off",
    }[req.type]
    return "approved", f"Approved: {what} (policy {req.clause}).", req


def _general_problem(
    ctx: Ctx, kind: str, role: str, justification: str, req: Requirement | None
) -> str | None:
    """A missing justification, nothing to approve, or the wrong approver."""
    minimum = ctx.policy.integer("approval_requests", "min_justification_chars")
    if len(justification.strip()) < minimum or len(justification.split()) < 4:
        return (
            f"please give a proper justification (at least {minimum} characters) "
            f"that I can decide on (policy {ctx.policy.ref('approval_requests')})."
        )
    if req is None:
        return f"nothing on this order needs {kind} approval."
    if Role(role) not in TYPE_ROLES[ApprovalType(kind)]:
        return (
            f"{ROLE_LABELS[Role(role)]} does not approve {kind} requests; ask "
            f"{ROLE_LABELS[req.role]} (policy {req.clause})."
        )
    return None


def _top(st: RunState) -> Decimal:
    """The largest discount on the order."""
    return max((ln.discount_pct for ln in st.order.lines), default=Decimal(0))


def _discount(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, why: str
) -> str | None:
    """An approver may only approve discounts within their own limit."""
    limit = role_limit(ctx.company, role)
    if _top(st) <= limit:
        return None
    return (
        f"I can only approve discounts up to {pct_text(limit)}%; "
        f"{pct_text(_top(st))}% needs {ROLE_LABELS[req.role]} "
        f"(policy {req.clause})."
    )


def _credit(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, why: str
) -> str | None:
    """Credit control needs to know how the account will be paid."""
    words = ctx.policy.words("credit_resume", "payment_words")
    if any(w in why.casefold() for w in words):
        return None
    return (
        "tell me how the account will be paid before I can release this "
        f"(policy {ctx.policy.ref('credit_resume')})."
    )


def _bespoke(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, why: str
) -> str | None:
    """The specification must be complete before it is signed off."""
    missing = _missing_options(ctx, st.order)
    if not missing:
        return None
    return (
        f"the specification is incomplete ({', '.join(missing)}); ask the customer "
        f"(policy {ctx.policy.ref('bespoke_spec')})."
    )


_SPECIFIC = {
    ApprovalType.DISCOUNT: _discount,
    ApprovalType.CREDIT: _credit,
    ApprovalType.BESPOKE: _bespoke,
}


def _missing_options(ctx: Ctx, order: Order) -> list[str]:
    """Required options not yet chosen on made-to-order lines."""
    out = []
    for line in order.lines:
        product = ctx.product(line.code)
        for opt in product.options if product else ():
            if opt.required and not line.options.get(opt.name, "").strip():
                out.append(f"{line.code} {opt.label.lower()}")
    return out


def missing_options(ctx: Ctx, order: Order) -> list[str]:
    """Public alias used by guards."""
    return _missing_options(ctx, order)

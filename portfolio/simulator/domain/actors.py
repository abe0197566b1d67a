"""The simulated customer and approver: they answer from the truth and the policy."""

from __future__ import annotations

from portfolio.simulator.domain.approvals import (
    ROLE_LABELS,
    TYPE_ROLES,
    ApprovalType,
    Requirement,
    Role,
    required_approvals,
    role_limit,
)
from portfolio.simulator.domain.compare import customer_view, differences
from portfolio.simulator.domain.context import Ctx
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order import Order
from portfolio.simulator.domain.runstate import RunState

Reply = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def confirmation_reply(ctx: Ctx, st: RunState, order: Order) -> Reply:
    """(reply, text, differences, fields): ``accepted``, ``differs`` or ``amended``."""
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


def approver_decision(
    ctx: Ctx, st: RunState, kind: str, role: str, justification: str
) -> tuple[str, str, Requirement | None]:
    """(``approved``/``rejected``, message, requirement) by policy and reasons."""
    policy = ctx.policy
    ref = policy.ref("approval_requests")
    customer = ctx.customer(st.order.account)
    req = next(
        (
            r
            for r in required_approvals(ctx.company, customer, st.order)
            if r.type.value == kind
        ),
        None,
    )
    minimum = policy.integer("approval_requests", "min_justification_chars")
    if len(justification.strip()) < minimum or len(justification.split()) < 4:
        return (
            "rejected",
            (
                f"Rejected: please give a proper justification (at least {minimum} "
                f"characters) that I can decide on (policy {ref})."
            ),
            req,
        )
    if req is None:
        return (
            "rejected",
            f"Rejected: nothing on this order needs {kind} approval.",
            None,
        )
    atype, arole = ApprovalType(kind), Role(role)
    if arole not in TYPE_ROLES[atype]:
        return (
            "rejected",
            (
                f"Rejected: {ROLE_LABELS[arole]} does not approve {kind} "
                f"requests; ask {ROLE_LABELS[req.role]} (policy {req.clause})."
            ),
            req,
        )
    return _specific(ctx, st, req, arole, justification)


def _specific(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, justification: str
) -> tuple[str, str, Requirement | None]:
    """Checks particular to each kind of approval."""
    if req.type is ApprovalType.DISCOUNT:
        top = max(ln.discount_pct for ln in st.order.lines)
        limit = role_limit(ctx.company, role)
        if top > limit:
            return (
                "rejected",
                (
                    f"Rejected: I can only approve discounts up to "
                    f"{pct_text(limit)}%; {pct_text(top)}% needs "
                    f"{ROLE_LABELS[req.role]} (policy {req.clause})."
                ),
                req,
            )
        return (
            "approved",
            f"Approved: {pct_text(top)}% discount (policy {req.clause}).",
            req,
        )
    if req.type is ApprovalType.CREDIT:
        words = ctx.policy.value("credit_resume", "payment_words")
        if not any(w in justification.casefold() for w in words):
            return (
                "rejected",
                (
                    "Rejected: tell me how the account will be paid before I can "
                    f"release this (policy {ctx.policy.ref('credit_resume')})."
                ),
                req,
            )
        return (
            "approved",
            f"Approved: credit released for this order (policy {req.clause}).",
            req,
        )
    missing = _missing_options(ctx, st.order)
    if missing:
        return (
            "rejected",
            (
                f"Rejected: the specification is incomplete ({', '.join(missing)}); "
                f"ask the customer (policy {ctx.policy.ref('bespoke_spec')})."
            ),
            req,
        )
    return (
        "approved",
        f"Approved: specification and price signed off (policy {req.clause}).",
        req,
    )


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

"""The simulated customer and approver: they answer from the truth and the policy."""

from __future__ import annotations

from dataclasses import replace
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
from portfolio.simulator.domain.people import approver
from portfolio.simulator.domain.people.persona import (
    acceptance,
    error_reaction,
    persona,
)

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
    who, key = (
        ctx.scenario.truth.persona,
        f"{ctx.scenario.id}:cf:{len(st.confirmations)}",
    )
    if not diffs:
        return "accepted", acceptance(who, key), (), ()
    text = (
        error_reaction(who, key)
        + "\n"
        + "\n".join(f"- {s}" for s in said)
        + "\nCould you correct it and send it again?"
    )
    return "differs", text, said, fields


def reply_minutes(ctx: Ctx, channel: str) -> int:
    """How long the customer takes to reply to a confirmation on ``channel``."""
    if channel == "phone":
        return 0
    return persona(ctx.scenario.truth.persona).email_reply_minutes


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
    """(``approved``/``rejected``, the approver's words, what they approved).

    Decided by policy (is it needed, is this the right approver, within their
    limit) and by what the justification says. A partial discount approval is
    ``approved`` with a lower figure in the returned requirement's basis, so it
    covers the order only once the learner brings the discount down to it.
    """
    customer = ctx.customer(st.order.account)
    reqs = required_approvals(ctx.company, customer, st.order)
    req = next((r for r in reqs if r.type.value == kind), None)
    key = f"{ctx.scenario.id}:approval:{len(st.approvals) + 1}:{kind}"
    problem = _general_problem(ctx, kind, role, justification, req)
    if problem is None and req is not None:
        problem = _SPECIFIC[req.type](ctx, st, req, Role(role), justification)
    if problem or req is None:
        return "rejected", approver.sign(role, problem or "", key), req
    if req.type is ApprovalType.DISCOUNT:
        return _judge_discount(ctx, st, req, role, justification, key)
    what = {
        ApprovalType.CREDIT: "Payment noted - I've released the account for this "
        "order. Please keep an eye on it.",
        ApprovalType.BESPOKE: "The specification is complete and the price is right: "
        "signed off, go ahead.",
    }[req.type]
    return "approved", approver.sign(role, what, key), req


def _judge_discount(
    ctx: Ctx, st: RunState, req: Requirement, role: str, why: str, key: str
) -> Decision:
    """Approve in full, approve a lower figure or refuse, by what ``why`` says."""
    customer = ctx.customer(st.order.account)
    account = st.order.account or ""
    company = customer.company if customer else account
    names = approver.customer_names(account, company)
    reading = approver.read(why, names)
    verdict = approver.discount_verdict(reading)
    asked = pct_text(_top(st))
    if verdict == "full":
        return (
            "approved",
            approver.sign(role, approver.full_discount(asked, company, key), key),
            req,
        )
    if verdict == "refuse":
        return (
            "rejected",
            approver.sign(role, approver.refuse_discount(asked, key), key),
            req,
        )
    own = ctx.policy.number("discount_self", "max_pct")
    offer = approver.lower_figure(_top(st), own)
    text = approver.partial_discount(
        asked, pct_text(offer), approver.missing_parts(reading), key
    )
    lower = {c: str(min(Decimal(v), offer)) for c, v in req.basis["discounts"].items()}
    return (
        "approved",
        approver.sign(role, text, key),
        replace(req, basis={"discounts": lower}),
    )


def _general_problem(
    ctx: Ctx, kind: str, role: str, justification: str, req: Requirement | None
) -> str | None:
    """A missing justification, nothing to approve, or the wrong approver."""
    minimum = ctx.policy.integer("approval_requests", "min_justification_chars")
    if len(justification.strip()) < minimum or len(justification.split()) < 4:
        return (
            "I need more than that to decide. Tell me who the customer is, why "
            f"they need it and what it's worth (at least {minimum} characters; "
            f"see {ctx.policy.ref('approval_requests')} in the handbook)."
        )
    if req is None:
        return (
            f"I've looked at the order and nothing on it needs {kind} approval "
            "from me, so there's nothing to sign off."
        )
    if Role(role) not in TYPE_ROLES[ApprovalType(kind)]:
        return (
            f"{kind.capitalize()} requests aren't mine to approve - please ask "
            f"{ROLE_LABELS[req.role]} (handbook {req.clause})."
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
        f"{pct_text(_top(st))}% is more than I'm allowed to sign off - my limit is "
        f"{pct_text(limit)}%. It needs {ROLE_LABELS[req.role]} (handbook "
        f"{req.clause})."
    )


def _credit(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, why: str
) -> str | None:
    """Credit control needs to know how the account will be paid."""
    words = ctx.policy.words("credit_resume", "payment_words")
    if any(w in why.casefold() for w in words):
        return None
    return (
        "I can't release this until I know how the account will be paid. Has the "
        "customer paid, or will they pay in advance? (handbook "
        f"{ctx.policy.ref('credit_resume')})"
    )


def _bespoke(
    ctx: Ctx, st: RunState, req: Requirement, role: Role, why: str
) -> str | None:
    """The specification must be complete before it is signed off."""
    missing = _missing_options(ctx, st.order)
    if not missing:
        return None
    return (
        f"I can't sign off a specification with gaps ({', '.join(missing)}). "
        "Please get those from the customer first (handbook "
        f"{ctx.policy.ref('bespoke_spec')})."
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

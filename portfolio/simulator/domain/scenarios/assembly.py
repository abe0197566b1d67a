"""Turn a finished generation draft into an immutable Scenario."""

from __future__ import annotations

from portfolio.simulator.domain.clock import date_of_day
from portfolio.simulator.domain.order.approvals import required_approvals
from portfolio.simulator.domain.order.model import Order, OrderLine
from portfolio.simulator.domain.order.state_machine import OrderState
from portfolio.simulator.domain.scenarios.briefs import caller_details, compose
from portfolio.simulator.domain.scenarios.draft import Draft
from portfolio.simulator.domain.scenarios.model import (
    AsRequested,
    Caller,
    Difficulty,
    RequiredApproval,
    RequiredFollowUp,
    Scenario,
    Truth,
    TruthLine,
)


def truth_lines(d: Draft, amended: bool = True) -> tuple[TruthLine, ...]:
    """The correct lines (before the customer's amendment when ``amended`` is false)."""
    out = []
    for ln in d.lines:
        qty = ln.qty if amended else d.brief_qty(ln)
        price = d.product(ln.code).price_for(ln.options)
        out.append(
            TruthLine(
                ln.code, qty, price, ln.discount, dict(sorted(ln.options.items()))
            )
        )
    return tuple(out)


def truth_order(d: Draft, amended: bool = True) -> Order:
    """The correct order as an :class:`Order` (for policy rules)."""
    lines = tuple(
        OrderLine(i, t.code, t.qty, t.unit_price, t.discount_pct, t.options)
        for i, t in enumerate(truth_lines(d, amended), start=1)
    )
    return Order(
        OrderState.DRAFT,
        account=d.customer.account,
        contact_id=d.contact.id,
        delivery=d.delivery,
        lines=lines,
        priority=d.priority,
        part_delivery=d.part_delivery,
    )


def _approvals(d: Draft) -> tuple[RequiredApproval, ...]:
    """Approvals the policy requires for the correct order."""
    return tuple(
        RequiredApproval(r.type.value, r.role.value, r.clause, r.reason)
        for r in required_approvals(d.company, d.customer, truth_order(d))
    )


def _follow_ups(d: Draft) -> tuple[RequiredFollowUp, ...]:
    """Follow-ups required after the scheduled events."""
    return tuple(
        RequiredFollowUp(e.id, e.kind, e.sla_minutes, e.clause, e.message)
        for e in d.events
        if e.needs_follow_up
    )


def _as_requested(d: Draft) -> AsRequested | None:
    """What the customer expects until told about a shortage."""
    if d.shortage is None:
        return None
    asked, day, _ = d.shortage
    line = next(ln for ln in d.lines if ln.asked_code == asked)
    price = d.product(asked).price_for(line.options)
    return AsRequested(
        line.code, asked, price, date_of_day(d.start, day).isoformat(), False
    )


def _truth(d: Draft) -> Truth:
    """The answer key."""
    return Truth(
        account=d.customer.account,
        contact_id=d.contact.id,
        caller=Caller(d.caller_name, d.caller_id, d.caller_authorised),
        delivery=d.delivery,
        customer_ref=d.customer_ref,
        requested_date=date_of_day(d.start, d.requested_day).isoformat(),
        instructions=d.instructions,
        instruction_keywords=d.keywords,
        priority=d.priority,
        part_delivery=d.part_delivery,
        lines=truth_lines(d),
        required_approvals=_approvals(d),
        required_issues=tuple(d.issues),
        required_follow_ups=_follow_ups(d),
        complications=tuple(d.complications),
        facts=dict(d.facts),
        must_ask=tuple(dict.fromkeys(d.must_ask)),
        amendment=d.amendment,
        as_requested=_as_requested(d),
        persona=d.persona,
        caller_details=caller_details(d),
    )


def assemble(d: Draft, seed: int, level: Difficulty, explicit: bool) -> Scenario:
    """Freeze the draft."""
    ids = tuple(cid for cid, _ in d.picks)
    sid = f"{d.type.value}-{level.value}-{seed}" + (
        f"-{'+'.join(ids)}" if explicit else ""
    )
    overrides: dict[str, dict[str, str]] = {}
    if d.balance is not None or d.credit_limit is not None:
        overrides[d.customer.account] = {
            k: str(v)
            for k, v in (
                ("balance", d.customer.balance),
                ("credit_limit", d.customer.credit_limit),
            )
        }
    return Scenario(
        sid,
        d.type,
        level,
        seed,
        ids,
        d.start.isoformat(),
        compose(d),
        _truth(d),
        tuple(d.events),
        dict(sorted(d.stock.items())),
        overrides,
    )

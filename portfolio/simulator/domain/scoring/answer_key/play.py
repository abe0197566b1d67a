"""The answer key played as actions: what a careful learner would do, step by step."""

from __future__ import annotations

from typing import Any

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.crm import Address
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.engine.actions import Action
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.dispatch import (
    apply_action,
    current_warning_list,
)
from portfolio.simulator.domain.engine.run_state import RunState, new_run
from portfolio.simulator.domain.errors import DomainError
from portfolio.simulator.domain.order.approvals import (
    ApprovalType,
    Requirement,
    covers,
    required_approvals,
)
from portfolio.simulator.domain.order.state_machine import OrderState
from portfolio.simulator.domain.scenarios.model import Channel, Scenario
from portfolio.simulator.domain.scoring.answer_key.wording import (
    EVENT_ISSUES,
    PRE_ISSUES,
    event_follow_up,
    issue_text,
    justification,
)


class Player:
    """Plays actions against the engine, keeping the list and the state."""

    def __init__(self, company: Company, scenario: Scenario) -> None:
        """Start a fresh run of ``scenario``."""
        self.company, self.scenario = company, scenario
        self.ctx = Ctx(company, scenario)
        self.state: RunState = new_run(company, scenario)
        self.actions: list[Action] = []
        self.inbox: list[dict[str, Any]] = []

    def play(self, kind: str, **params: Any) -> dict[str, Any]:
        """Apply one action, which must be accepted; return its outcome."""
        action = Action(kind, params)
        result = apply_action(self.company, self.scenario, self.state, action)
        if not result.entry.accepted:
            raise DomainError(f"answer key step refused: {kind} {result.entry.reasons}")
        self.state = result.state
        self.actions.append(action)
        self.inbox += result.entry.outcome.get("events", [])
        return dict(result.entry.outcome)

    def wait(self) -> None:
        """Wait for the next scheduled thing."""
        self.play("advance_time", next_event=True)


def perfect_actions(company: Company, scenario: Scenario) -> list[Action]:
    """The model answer as the list of actions a perfect learner takes."""
    p = Player(company, scenario)
    _identify(p)
    _enter(p)
    _check_and_approve(p)
    _confirm(p)
    p.play("submit_order")
    _follow_through(p)
    return p.actions


def _identify(p: Player) -> None:
    """Read, find the customer, verify the caller, ask the questions, view products."""
    t = p.scenario.truth
    p.play("read_brief")
    p.play("search_crm", query=t.account)
    p.play("open_customer", account=t.account)
    given = {k: v for k, v in t.caller_details.items() if k in ("phone", "email")}
    p.play("verify_caller", account=t.account, contact_id=t.caller.contact_id, **given)
    for kind in t.must_ask:
        question = next(q for q in p.company.questions if kind in q.reveals)
        p.play("ask_question", question_id=question.id)
    for line in t.lines:
        p.play("view_product", code=line.code)


def _enter(p: Player) -> None:
    """Enter the header and the lines (quantities as first asked)."""
    t = p.scenario.truth
    p.play(
        "set_order_header",
        account=t.account,
        contact_id=t.contact_id,
        **_where(t.delivery),
        customer_ref=t.customer_ref,
        requested_date=t.requested_date,
        instructions=t.instructions,
        priority=t.priority,
        part_delivery=t.part_delivery,
    )
    for line in t.lines:
        first = (
            t.amendment.from_qty
            if t.amendment and t.amendment.code == line.code
            else line.qty
        )
        extra = {"options": dict(line.options)} if line.options else {}
        p.play(
            "add_line",
            code=line.code,
            qty=first,
            discount_pct=str(line.discount_pct),
            **extra,
        )


def _where(d: Address) -> dict[str, object]:
    """The delivery address parameters: a CRM address by id, or a new address."""
    if d.id:
        return {"delivery_address_id": d.id}
    fields = ("line1", "line2", "town", "county", "postcode")
    return {"delivery_address": {k: getattr(d, k) for k in fields}}


def _check_all(p: Player) -> None:
    """Check stock for every goods line and acknowledge the warnings with reasons."""
    for line in p.state.order.lines:
        product = p.company.product(line.code)
        if product and product.kind is not ProductKind.SERVICE:
            p.play("check_stock", line_id=line.line_id)
    for w in current_warning_list(p.company, p.scenario, p.state):
        if w["ackable"] and not w["acknowledged"]:
            p.play(
                "acknowledge_warning",
                warning_key=w["key"],
                reason=f"Agreed with the customer: {w['message']}",
            )


def _check_and_approve(p: Player) -> None:
    """Stock checks, issues, a credit hold when needed, and every approval."""
    _check_all(p)
    for comp in p.scenario.truth.complications:
        if comp.id in PRE_ISSUES:
            p.play("log_issue", **issue_text(p.scenario, comp))
    credit = any(r.type is ApprovalType.CREDIT for r in _needed(p))
    if credit:
        p.play(
            "put_on_hold",
            reason="Credit problem on the account: referred to credit "
            "control before confirming (policy 3.1/3.2).",
        )
    _approve(p)
    if p.state.order.state is OrderState.ON_HOLD:
        p.play("resume", reason="Credit control approved the order.")


def _needed(p: Player) -> list[Requirement]:
    """Required approvals not yet covered by an approved one."""
    customer = p.ctx.customer(p.state.order.account)
    return [
        r
        for r in required_approvals(p.company, customer, p.state.order)
        if not any(
            a.status == "approved" and covers(a.type, a.role, a.basis, r)
            for a in p.state.approvals
        )
    ]


def _approve(p: Player) -> None:
    """Request every missing approval, then wait for the decisions."""
    for req in _needed(p):
        p.play(
            "request_approval",
            type=req.type.value,
            role=req.role.value,
            justification=justification(p.scenario, p.state, req),
        )
    while any(a.status == "pending" for a in p.state.approvals):
        p.wait()


def _confirm(p: Player) -> None:
    """Send the confirmation; handle an amendment; end confirmed."""
    channel = "phone" if p.scenario.brief.channel is Channel.PHONE else "email"
    for _ in range(3):
        p.play("send_confirmation", channel=channel)
        while p.state.order.state is OrderState.AWAITING_CUSTOMER:
            p.wait()
        if p.state.order.state is OrderState.CONFIRMED:
            return
        _amend(p)
    raise DomainError("answer key could not get the confirmation accepted")


def _amend(p: Player) -> None:
    """Record the customer's change, apply it, re-check and re-approve."""
    t = p.scenario.truth
    a = t.amendment
    if a is None or not p.state.amended:
        raise DomainError(
            f"customer did not accept: {p.state.confirmations[-1].reply_text}"
        )
    customer = p.company.customer(t.account)
    contact = customer.contact(t.contact_id) if customer else None
    p.play(
        "log_follow_up",
        channel="phone",
        who=contact.name if contact else "customer",
        summary=f"Customer changed the quantity of {a.code} from {a.from_qty} to "
        f"{a.to_qty} on reading the confirmation.",
        outcome="Order amended; new confirmation to follow.",
        next_action="Send an amended confirmation today.",
    )
    for comp in t.complications:
        if comp.id == "quantity_change":
            p.play("log_issue", **issue_text(p.scenario, comp))
    line = next(ln for ln in p.state.order.lines if ln.code == a.code)
    p.play("update_line", line_id=line.line_id, qty=a.to_qty)
    _check_all(p)
    _approve(p)


def _follow_through(p: Player) -> None:
    """React to every event until delivered, resolve the issues and close."""
    p.inbox = [e for e in p.inbox if e.get("event_id")]
    for _ in range(60):
        while p.inbox:
            _react(p, p.inbox.pop(0))
        if p.state.order.state is OrderState.DELIVERED:
            break
        p.wait()
    for thread, recs in p.state.threads().items():
        if not any(r.resolution for r in recs):
            p.play(
                "log_issue",
                issue_id=thread,
                issue_type=recs[0].issue_type,
                problem=recs[0].problem,
                action="Checked with the customer after delivery.",
                resolution="Order delivered in full and the customer is satisfied.",
            )
    p.play("close_order")


def _react(p: Player, event: dict[str, Any]) -> None:
    """Log an issue and a follow-up for an event that needs one; note deliveries."""
    kind = event["kind"]
    if kind in EVENT_ISSUES and event.get("needs_follow_up"):
        rec = next(e for e in p.state.events if e.id == event["event_id"])
        p.play(
            "log_issue",
            issue_type=EVENT_ISSUES[kind],
            problem=rec.message,
            impact="The customer's delivery is affected.",
            action="Contacted the customer with the new position and agreed the "
            "next steps.",
        )
        p.play("log_follow_up", **event_follow_up(p.ctx, p.state, rec))
    elif kind in ("delivery", "partial_delivery"):
        rec = next(e for e in p.state.events if e.id == event["event_id"])
        p.play("log_follow_up", **event_follow_up(p.ctx, p.state, rec))

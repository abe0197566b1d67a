"""Consequences on the simulated clock: each an event linked to the action causing it.

A follow-up-worthy event left unanswered draws a chaser, then a complaint, then a
cancellation risk (urgent orders are cancelled once the deadline has passed); an
unapproved order is held by sales admin; wrong goods come back; account details
sent to an unverified caller are a data-protection incident.
"""

from __future__ import annotations

from dataclasses import replace

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.documents import returns_authorisation
from portfolio.simulator.domain.engine.inbox import Seen, notice, receive
from portfolio.simulator.domain.engine.records import Pending
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.order.state_machine import OrderState

STAGES = {
    1: ("customer_chaser", "The customer chases: nobody has come back to them."),
    2: ("complaint", "The customer complains: they are still waiting to hear."),
    3: (
        "cancellation_risk",
        "The customer says they will cancel if they do not hear today.",
    ),
}
SALES_ADMIN_HOLD = "sales_admin"


def chase(ctx: Ctx, st: RunState, item: Pending, seq: int, seen: Seen) -> RunState:
    """The customer reacts to an event nobody followed up."""
    ev = next((e for e in st.events if e.id == item.ref), None)
    if ev is None or st.finished or any(f.at >= ev.at for f in st.follow_ups):
        return st
    stage = int(item.data.get("stage", 1))
    cause = ev.cause_seq or ev.seq
    if stage >= 3 and _past_deadline(ctx, st, item.due):
        return _cancelled(st, item, seq, seen, cause)
    kind, text = STAGES[min(stage, 3)]
    st = receive(st, seq, seen, notice(item.due, kind, text, cause_seq=cause))
    if stage < 3:
        nxt = Pending(item.due + ev.sla_minutes, "chase", ev.id, {"stage": stage + 1})
        st = evolve(st, pending=st.pending + (nxt,))
    return st


def _past_deadline(ctx: Ctx, st: RunState, now: int) -> bool:
    """Whether an urgent order's requested date has passed."""
    order = st.submitted or st.order
    if ctx.scenario.type is not OrderType.URGENT or not order.requested_date:
        return False
    return ctx.day(now) > ctx.day_of_date(order.requested_date)


def _cancelled(
    st: RunState, item: Pending, seq: int, seen: Seen, cause: int
) -> RunState:
    """The customer cancels an urgent order whose deadline passed unanswered."""
    text = "The customer cancels the order: the deadline passed and nobody called."
    st = receive(
        st, seq, seen, notice(item.due, "customer_cancelled", text, cause_seq=cause)
    )
    order = replace(st.order, state=OrderState.CANCELLED, hold_from=None)
    return evolve(st, order=order, pending=())


def admin_hold(ctx: Ctx, st: RunState, seq: int, missing: list[str]) -> RunState:
    """Sales admin stops a submitted order that lacks a required approval."""
    text = (
        "Sales admin has put the order on hold: "
        + "; ".join(missing)
        + ". Get the approval, then resume the order."
    )
    ev = notice(
        st.clock,
        "sales_admin_hold",
        text,
        clause=ctx.policy.ref("approval_requests"),
        cause_seq=seq,
    )
    order = replace(
        st.order,
        state=OrderState.ON_HOLD,
        hold_from=OrderState.PROCESSING,
        hold_reason=SALES_ADMIN_HOLD,
    )
    return receive(evolve(st, order=order), seq, [], ev)


def disclosure(ctx: Ctx, st: RunState, seq: int, account: str | None) -> RunState:
    """Account details sent to a caller nobody verified: a data-protection incident."""
    if not account or any(v.account == account for v in st.verifications):
        return st
    text = (
        "Data-protection incident recorded: account details were sent before the "
        "caller's identity was checked."
    )
    ev = notice(
        st.clock,
        "data_protection_incident",
        text,
        clause=ctx.policy.ref("identity_check"),
        cause_seq=seq,
    )
    return receive(st, seq, [], ev)


def wrong_goods(ctx: Ctx, st: RunState, at: int, seq: int, seen: Seen) -> RunState:
    """Goods the customer did not order come back under a returns authorisation."""
    order = st.submitted or st.order
    wanted = {ln.code for ln in ctx.scenario.truth.lines}
    got = {ln.code for ln in order.lines}
    for line in order.lines:
        if line.code in wanted or not (wanted - got):
            continue
        cause = _line_seq(st, line.code)
        st, doc = returns_authorisation(ctx, st, at, line.code, line.qty, cause)
        ra = doc.number
        text = (
            f"The customer has returned {line.qty} x {line.code}: not what they "
            f"ordered. Returns authorisation {ra}; the right item must be re-delivered."
        )
        ev = notice(
            at,
            "wrong_goods_returned",
            text,
            follow=True,
            sla=240,
            clause=ctx.policy.ref("product_codes"),
            keys=(line.code,),
            cause_seq=cause,
        )
        st = receive(st, seq, seen, ev)
        st = evolve(st, returns=st.returns + ((ra, line.code, line.qty, cause),))
    return st


def _line_seq(st: RunState, code: str) -> int | None:
    """The accepted action that put ``code`` on the order."""
    return next(
        (
            e.seq
            for e in reversed(st.log)
            if e.accepted
            and e.kind in ("add_line", "update_line")
            and str(e.params.get("code", "")).upper() == code
        ),
        None,
    )

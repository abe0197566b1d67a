"""MP4: procedures: stock checks, approvals, identity, credit holds, cut-off."""

from __future__ import annotations

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.engine.records import Confirmation, LogEntry
from portfolio.simulator.domain.engine.stock import current_check
from portfolio.simulator.domain.engine.warning_rules import Warning, names_subject
from portfolio.simulator.domain.order.approvals import (
    ApprovalType,
    covers,
    required_approvals,
)
from portfolio.simulator.domain.order.model import Order
from portfolio.simulator.domain.order.state_machine import OrderState
from portfolio.simulator.domain.scoring.findings import Findings
from portfolio.simulator.domain.serial import from_plain

REFUSAL_RULES = {
    "stock_unchecked": "MP4.stock-unchecked-submit",
    "credit": "MP4.credit-hold",
    "warnings": "MP4.warnings-unacknowledged",
    "discontinued": "MP4.discontinued",
}


def confirmed_order(conf: Confirmation) -> Order:
    """The order as it stood in a confirmation."""
    return from_plain(Order, {**conf.content["order"], "state": "awaiting_customer"})


def check_procedure(f: Findings) -> None:
    """Stock and approvals before confirming, identity, credit, cut-off."""
    for conf in f.st.confirmations:
        order = confirmed_order(conf)
        _stock_before(f, conf, order)
        _approvals_before(f, conf, order)
        _recipient(f, conf)
    _identity(f)
    _refusals(f)
    _overrides(f)
    _submitted(f)
    _truth_approvals(f)
    for a in f.st.approvals:
        if a.status == "rejected":
            f.add(
                "MP4.approval-rejected",
                f"Approval {a.id} ({a.type}) was rejected: {a.message}",
                seq=a.seq,
                clause=a.clause,
                advice=True,
            )


def _stock_before(f: Findings, conf: Confirmation, order: Order) -> None:
    """Every goods line had a current stock check before the confirmation went out."""
    missing = [
        f"line {ln.line_id} ({ln.code})"
        for ln in order.lines
        if (p := f.ctx.product(ln.code))
        and p.kind is not ProductKind.SERVICE
        and current_check(f.ctx, f.st, order, ln, before_seq=conf.seq, now=conf.at)
        is None
    ]
    if missing:
        f.add(
            "MP4.stock-before-confirm",
            f"You confirmed the order to the customer without a "
            f"current stock check of {', '.join(missing)}.",
            seq=conf.seq,
            clause_key="stock_check",
        )


def _approvals_before(f: Findings, conf: Confirmation, order: Order) -> None:
    """Every approval the confirmed order needed was granted before it was sent."""
    customer = f.ctx.customer(order.account)
    for req in required_approvals(f.ctx.company, customer, order):
        ok = any(
            a.status == "approved"
            and a.decided_seq is not None
            and a.decided_seq < conf.seq
            and covers(a.type, a.role, a.basis, req)
            for a in f.st.approvals
        )
        if not ok:
            f.add(
                "MP4.approval-before-confirm",
                f"You confirmed the order to the customer "
                f"before getting approval: {req.reason}.",
                seq=conf.seq,
                clause=req.clause,
            )
        if req.type is ApprovalType.CREDIT and not _held_before(f, conf.seq):
            f.add(
                "MP4.credit-hold",
                f"The order was not put on hold for credit control before "
                f"you confirmed it: {req.reason}.",
                seq=conf.seq,
                clause=req.clause,
            )


def _held_before(f: Findings, seq: int) -> bool:
    """Whether the order was put on hold (accepted) before action ``seq``."""
    return any(e.kind == "put_on_hold" and e.accepted and e.seq < seq for e in f.st.log)


def _recipient(f: Findings, conf: Confirmation) -> None:
    """Confirmations go only to contacts authorised to order."""
    customer = f.ctx.customer(conf.content["order"]["account"])
    contact = customer.contact(conf.to_contact_id) if customer else None
    if contact is not None and not contact.may_order:
        f.add(
            "MP4.unauthorised-contact",
            f"You confirmed the order with {contact.name}, who is "
            "not authorised to place orders.",
            seq=conf.seq,
            clause_key="authorised_contacts",
        )


def _identity(f: Findings) -> None:
    """The caller was verified before account details were disclosed."""
    st = f.st
    if not st.confirmations:
        return
    first = st.confirmations[0]
    account = first.content["order"]["account"]
    if not any(v.seq < first.seq and v.account == account for v in st.verifications):
        f.add(
            "MP4.identity-check",
            "You sent account details (the confirmation) without first "
            "verifying who you were dealing with.",
            seq=first.seq,
            clause_key="identity_check",
        )


# Refusals that show an attempt to get round a procedure (a harmless "Wait"
# with nothing scheduled, or a typo in a code, is not one).
BYPASS_CODES = frozenset(
    {
        "not_confirmed",
        "awaiting_reply",
        "approval_pending",
        "on_hold",
        "stock_unchecked",
        "warnings",
        "credit",
        "discontinued",
        "weak_reason",
        "submitted",
        "issues_open",
    }
)


def bypass_attempt(entry: LogEntry) -> bool:
    """Whether a refused action tried to bypass a rule."""
    return not entry.accepted and any(
        r["code"] in BYPASS_CODES or r["code"].startswith("approval:")
        for r in entry.outcome.get("refused", [])
    )


def _refusals(f: Findings) -> None:
    """Submissions the system refused because a procedure was skipped."""
    for entry in f.st.log:
        if entry.accepted or entry.kind != "submit_order":
            continue
        for r in entry.outcome.get("refused", []):
            code = r["code"]
            rule = (
                "MP4.approval-missing"
                if code.startswith("approval:")
                else REFUSAL_RULES.get(code)
            )
            if rule:
                f.add(
                    rule,
                    f"Submission refused ({f.when(entry.seq)}): {r['message']}",
                    seq=entry.seq,
                    clause=r["clause"] or None,
                    advice=rule == "MP4.warnings-unacknowledged",
                )
    bypass = [e for e in f.st.log if bypass_attempt(e)]
    if len(bypass) >= 3:
        f.add(
            "MP4.refused-commands",
            f"{len(bypass)} of your actions were refused because they skipped a "
            "step the procedure requires; check the rules before acting.",
            seq=bypass[0].seq,
            advice=True,
        )


def _overrides(f: Findings) -> None:
    """Each warning overridden with a reason that names what was checked."""
    shown = {s.key: s for s in f.st.shown}
    for ack in f.st.acks:
        s = shown.get(ack.key)
        if s is None:
            continue
        warning = Warning(s.key, s.code, s.message, s.clause, s.ackable)
        if not names_subject(warning, ack.reason):
            f.add(
                "MP4.weak-reason",
                f"You overrode the warning '{s.message}' with the reason "
                f"'{ack.reason}', which does not say what you checked.",
                seq=ack.seq,
                clause=s.clause or None,
            )


def _submitted(f: Findings) -> None:
    """The submitted order: short stock ignored, unauthorised contact, cut-off."""
    st = f.st
    order = st.submitted
    if order is None or st.submitted_seq is None or st.submitted_at is None:
        return
    _shortage_ignored(f, order, st.submitted_seq, st.submitted_at)
    customer = f.ctx.customer(order.account)
    contact = customer.contact(order.contact_id) if customer else None
    if contact is not None and not contact.may_order:
        f.add(
            "MP4.unauthorised-contact",
            f"The order was placed for {contact.name}, who is not authorised to order.",
            seq=st.submitted_seq,
            clause_key="authorised_contacts",
        )
    ctx, at = f.ctx, st.submitted_at
    if ctx.scenario.type is OrderType.URGENT and (
        ctx.day(at) > 0 or ctx.time_of_day(at) > ctx.cutoff()
    ):
        f.add(
            "MP4.urgent-cutoff",
            "The urgent order was submitted after the dispatch "
            "cut-off, so it could not go out the same day.",
            seq=st.submitted_seq,
            clause_key="urgent_cutoff",
        )


def _shortage_ignored(f: Findings, order: Order, seq: int, at: int) -> None:
    """Lines submitted in full although the stock check said they were short."""
    if order.part_delivery:
        return
    for ln in order.lines:
        check = current_check(f.ctx, f.st, order, ln, before_seq=seq, now=at)
        if check and check.outcome in ("short", "too_soon"):
            f.add(
                "MP4.shortage-ignored",
                f"Line {ln.line_id} ({ln.code}) was "
                "submitted in full although the stock check showed it could not be "
                "supplied in time.",
                seq=seq,
                clause_key="stock_shortage",
            )


def _truth_approvals(f: Findings) -> None:
    """Approvals the correct order needs that were never obtained (not submitted)."""
    if f.st.submitted is not None or f.st.order.state is OrderState.CANCELLED:
        return
    for req in f.ctx.scenario.truth.required_approvals:
        if not any(
            a.type == req.type and a.status == "approved" for a in f.st.approvals
        ):
            f.add(
                "MP4.approval-missing",
                f"The order needed {req.type} approval "
                f"({req.reason}) and it was never obtained.",
                clause=req.clause,
            )

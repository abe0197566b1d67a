"""MP1: accurate entry of customer and order details, and MP2: confirming first."""

from __future__ import annotations

from portfolio.simulator.domain.engine.differences import differences, truth_expected
from portfolio.simulator.domain.engine.records import Confirmation
from portfolio.simulator.domain.engine.stock import current_check
from portfolio.simulator.domain.scoring.checks.procedure import confirmed_order
from portfolio.simulator.domain.scoring.findings import Findings

FIELD_RULES = {
    "account": "MP1.customer-account",
    "contact": "MP1.contact",
    "delivery_address": "MP1.delivery-address",
    "customer_ref": "MP1.customer-ref",
    "requested_date": "MP1.requested-date",
    "instructions": "MP1.instructions",
    "priority": "MP1.priority",
    "part_delivery": "MP1.part-delivery",
    "line_missing": "MP1.line-missing",
    "line_extra": "MP1.line-extra",
    "line_quantity": "MP1.line-quantity",
    "line_price": "MP1.line-price",
    "line_discount": "MP1.line-discount",
    "line_options": "MP1.line-options",
}
M2_FIELDS = {"account", "delivery_address", "line_missing", "line_extra"}
KIND_WORDS = {
    "product": "which product",
    "quantity": "the quantity",
    "requested_date": "the delivery date",
    "shortage_preference": "what the customer wanted when stock was short",
    "contact": "who may order",
}


def check_entry(f: Findings) -> None:
    """The submitted order field by field, errors the customer corrected, guessing."""
    st, ctx = f.st, f.ctx
    if st.submitted is None:
        f.add(
            "MP1.not-submitted",
            "The order was never submitted (the customer needed one), so it was not "
            "entered in the system.",
            clause_key="order_entry",
        )
    else:
        for diff in differences(
            ctx.company, truth_expected(ctx.scenario), st.submitted
        ):
            f.add(
                FIELD_RULES[diff.field],
                f"The submitted order is wrong: {diff.note}",
                seq=st.submitted_seq,
                clause_key="order_entry",
            )
    _confirmed_errors(f)
    _guessed(f)


def _confirmed_errors(f: Findings) -> None:
    """Confirmations with errors that the customer had to point out."""
    for conf in f.st.confirmations:
        if conf.planned_differences:
            rule = (
                "MP1.wrong-details-confirmed"
                if set(conf.planned_fields) & M2_FIELDS
                else "MP1.confirmation-errors"
            )
            f.add(
                rule,
                "The confirmation you sent had errors the customer had to point out "
                "(caught before submission, so a coaching point): "
                + " ".join(conf.planned_differences),
                seq=conf.seq,
                clause_key="order_entry",
                advice=True,
            )


def _guessed(f: Findings) -> None:
    """Requirements entered without asking the customer."""
    st = f.st
    cutoff = st.submitted_seq or (st.confirmations[0].seq if st.confirmations else None)
    if cutoff is None:
        return
    asked = {k for q in st.questions if q.seq < cutoff for k in q.reveals}
    for kind in f.ctx.scenario.truth.must_ask:
        if kind not in asked:
            what = KIND_WORDS.get(
                kind, kind.replace("option:", "the ") + " of the item"
            )
            f.add(
                "MP1.requirement-guessed",
                f"You did not ask the customer about {what} "
                "before confirming: the request left it unclear, so it had to be "
                "asked, "
                "not guessed.",
                seq=cutoff,
                clause_key="clarify",
            )


def check_confirmation(f: Findings) -> None:
    """MP2: a confirmation accepted for the order as submitted; never submit first."""
    st = f.st
    for entry in st.log:
        codes = {r["code"] for r in entry.outcome.get("refused", [])}
        if entry.kind == "submit_order" and codes & {"not_confirmed", "awaiting_reply"}:
            f.add(
                "MP2.submit-unconfirmed",
                f"You tried to submit the order "
                f"({f.when(entry.seq)}) before the customer had accepted a "
                "confirmation of it as it stood (refused: nothing was submitted).",
                seq=entry.seq,
                clause_key="confirmation",
                advice=True,
            )
    if st.submitted is None:
        f.add(
            "MP2.not-finalised",
            "No confirmed order was finalised: the customer "
            "never accepted a confirmation that was then submitted.",
            clause_key="confirmation",
        )
        return
    rev, seq = st.submitted.revision, st.submitted_seq or 0
    accepted = [
        c
        for c in st.confirmations
        if c.reply == "accepted" and c.revision == rev and (c.replied_seq or 0) <= seq
    ]
    if not accepted:
        f.add(
            "MP2.no-accepted-confirmation",
            "The order was submitted without an "
            "accepted confirmation of its final details.",
            seq=st.submitted_seq,
            clause_key="confirmation",
        )
        return
    _impossible_promise(f, accepted[-1])


def _impossible_promise(f: Findings, conf: Confirmation) -> None:
    """The confirmation promised a date the learner's own stock check ruled out."""
    order = confirmed_order(conf)
    if order.part_delivery or not order.requested_date:
        return
    for ln in order.lines:
        check = current_check(f.ctx, f.st, order, ln, before_seq=conf.seq, now=conf.at)
        if check is None or check.outcome not in ("short", "too_soon"):
            continue
        soonest = check.result.get("earliest_full_date") or check.result.get(
            "earliest_date"
        )
        when = f"; it showed {soonest} at the earliest" if soonest else ""
        f.add(
            "MP2.impossible-promise",
            f"The confirmation promised {ln.qty} x {ln.code} by "
            f"{order.requested_date}, although your stock check "
            f"(action #{check.seq}) showed that impossible{when}.",
            seq=conf.seq,
            clause_key="stock_shortage",
        )

"""Documents of an order's lifecycle: delivery notes, backorders, deposits, credits.

Each is numbered per kind in the order it is raised (DN-0001, DN-0002 ...) and
names the action that caused it, so the debrief can link cause and document.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.inbox import Seen, notice, receive
from portfolio.simulator.domain.engine.records import Document, DocumentLine
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.engine.stock import run_stock
from portfolio.simulator.domain.money import gbp, pct_text, pennies
from portfolio.simulator.domain.order.model import Order, Priority, line_net, totals

PREFIX = {
    "delivery_note": "DN",
    "backorder": "BO",
    "deposit_request": "DR",
    "credit_note": "CN",
    "returns_authorisation": "RA",
}
TITLES = {
    "delivery_note": "Delivery note",
    "backorder": "Backorder",
    "deposit_request": "Deposit request",
    "credit_note": "Credit note",
    "returns_authorisation": "Returns authorisation",
}
EXPRESS_KEY = "urgent_express"

__all__ = ["PREFIX", "TITLES", "Document", "DocumentLine", "raise_document"]


@dataclass(frozen=True)
class _Draft:
    """What a new document says, before it is numbered."""

    kind: str
    at: int
    lines: tuple[DocumentLine, ...]
    note: str
    amount: str | None = None
    cause_seq: int | None = None
    refers_to: str = ""
    expected: str | None = None
    picked_at: int | None = None
    dispatched_at: int | None = None


def next_number(st: RunState, kind: str) -> str:
    """The next number of a document kind in this run."""
    count = sum(1 for d in st.documents if d.kind == kind)
    return f"{PREFIX[kind]}-{count + 1:04d}"


def raise_document(st: RunState, draft: _Draft) -> tuple[RunState, Document]:
    """Number the document and add it to the run."""
    doc = Document(
        next_number(st, draft.kind),
        draft.kind,
        draft.at,
        draft.lines,
        draft.note,
        draft.amount,
        draft.cause_seq,
        draft.refers_to,
        draft.expected,
        draft.picked_at,
        draft.dispatched_at,
    )
    return evolve(st, documents=st.documents + (doc,)), doc


def _line(ctx: Ctx, code: str, qty: int) -> DocumentLine:
    """A document line with the product's name."""
    product = ctx.product(code)
    return DocumentLine(code, product.name if product else code, qty)


def delivery_note(
    ctx: Ctx,
    st: RunState,
    at: int,
    sent: list[tuple[str, int]],
    *,
    picked: int | None,
    dispatched: int | None,
) -> tuple[RunState, Document]:
    """The delivery note that travelled with one shipment."""
    order = st.submitted or st.order
    return raise_document(
        st,
        _Draft(
            "delivery_note",
            at,
            tuple(_line(ctx, c, q) for c, q in sent),
            "",
            cause_seq=st.submitted_seq,
            refers_to=order.number,
            picked_at=picked,
            dispatched_at=dispatched,
        ),
    )


def backorders(ctx: Ctx, st: RunState, before: RunState, seq: int) -> RunState:
    """A backorder for each line that free stock could not cover at submission."""
    order = st.submitted or st.order
    today = ctx.day(before.clock)
    for line in order.lines:
        product = ctx.product(line.code)
        if product is None or product.kind is not ProductKind.STOCK:
            continue
        stock = run_stock(ctx, before, line.code)
        short = line.qty - max(0, stock.free_now)
        if short <= 0:
            continue
        ordered = st.supply.backorder.get(line.code)
        day = ordered[1] if ordered else stock.first_day_covering(line.qty, today)
        expected = ctx.date(day).isoformat() if day is not None else None
        st, doc = raise_document(
            st,
            _Draft(
                "backorder",
                st.clock,
                (_line(ctx, line.code, short),),
                "" if expected else "awaiting a date from the supplier",
                cause_seq=seq,
                refers_to=order.number,
                expected=expected,
            ),
        )
        when = f"; expected in on {long_date(ctx.date(day))}" if day is not None else ""
        text = (
            f"Warehouse: backorder {doc.number} for {short} x {line.code}: only "
            f"{max(0, stock.free_now)} free to send{when}."
        )
        st = receive(st, seq, [], notice(st.clock, "backorder", text, cause_seq=seq))
    return st


def deposit_request(ctx: Ctx, st: RunState, seq: int) -> RunState:
    """A made-to-order order asks the customer for the policy's deposit."""
    order = st.submitted or st.order
    made = tuple(
        ln
        for ln in order.lines
        if (p := ctx.product(ln.code)) and p.kind is ProductKind.MADE_TO_ORDER
    )
    if not made:
        return st
    pct = ctx.policy.number("bespoke_deposit", "deposit_pct")
    amount = pennies(totals(ctx.company, made).gross * pct / Decimal(100))
    st, doc = raise_document(
        st,
        _Draft(
            "deposit_request",
            st.clock,
            tuple(_line(ctx, ln.code, ln.qty) for ln in made),
            f"{pct_text(pct)}% of the made-to-order items including VAT",
            str(amount),
            seq,
            order.number,
        ),
    )
    text = (
        f"Accounts: deposit request {doc.number} for {gbp(amount)} sent to the "
        "customer; production starts once it is paid."
    )
    return receive(
        st,
        seq,
        [],
        notice(
            st.clock,
            "deposit_requested",
            text,
            clause=ctx.policy.ref("bespoke_deposit"),
            cause_seq=seq,
        ),
    )


def express_credit(ctx: Ctx, st: RunState, at: int, seq: int, seen: Seen) -> RunState:
    """The carrier failed an urgent order: its express charge is credited."""
    order = st.submitted or st.order
    code = ctx.policy.text(EXPRESS_KEY, "product_code")
    lines = [ln for ln in order.lines if ln.code == code]
    if order.priority is not Priority.URGENT or not lines:
        return st
    if any(d.kind == "credit_note" for d in st.documents):
        return st
    amount = sum((_gross(ctx, order, ln.line_id) for ln in lines), Decimal(0))
    st, doc = raise_document(
        st,
        _Draft(
            "credit_note",
            at,
            tuple(_line(ctx, ln.code, ln.qty) for ln in lines),
            "express delivery not made on time by the carrier",
            str(amount),
            st.submitted_seq,
            order.number,
        ),
    )
    text = (
        f"Accounts: the express charge is credited ({doc.number}, {gbp(amount)}): "
        "the carrier did not deliver next day."
    )
    return receive(
        st,
        seq,
        seen,
        notice(
            at,
            "express_credited",
            text,
            clause=ctx.policy.ref(EXPRESS_KEY),
            cause_seq=st.submitted_seq,
        ),
    )


def _gross(ctx: Ctx, order: Order, line_id: int) -> Decimal:
    """A line's value including VAT."""
    line = order.line(line_id)
    if line is None:
        return Decimal(0)
    product = ctx.product(line.code)
    rate = product.vat_rate if product else Decimal(20)
    net = line_net(line)
    return net + pennies(net * rate / 100)


def returns_authorisation(
    ctx: Ctx, st: RunState, at: int, code: str, qty: int, cause: int | None
) -> tuple[RunState, Document]:
    """The returns authorisation for goods the customer did not order."""
    return raise_document(
        st,
        _Draft(
            "returns_authorisation",
            at,
            (_line(ctx, code, qty),),
            "wrong goods: collect and re-deliver the item ordered",
            cause_seq=cause,
            refers_to=(st.submitted or st.order).number,
        ),
    )

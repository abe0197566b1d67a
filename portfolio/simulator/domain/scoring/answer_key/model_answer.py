"""The model answer for the debrief: the correct order and what policy required."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.money import pennies
from portfolio.simulator.domain.order.model import OrderLine, line_net, totals
from portfolio.simulator.domain.scenarios.model import Scenario, Truth
from portfolio.simulator.domain.serial import to_plain


def model_answer(company: Company, scenario: Scenario) -> dict[str, Any]:
    """The correct order, approvals, issues, follow-ups and questions, as plain data."""
    t = scenario.truth
    lines = tuple(
        OrderLine(i, ln.code, ln.qty, ln.unit_price, ln.discount_pct, ln.options)
        for i, ln in enumerate(t.lines, 1)
    )
    return {
        **_parties(company, scenario),
        **_order(company, t, lines),
        "required_approvals": to_plain(t.required_approvals),
        "required_issues": to_plain(t.required_issues),
        "required_follow_ups": to_plain(t.required_follow_ups),
        "complications": to_plain(t.complications),
        "amendment": to_plain(t.amendment),
        "questions_to_ask": _questions(company, scenario),
    }


def _parties(company: Company, scenario: Scenario) -> dict[str, Any]:
    """The scenario, the customer, the contact to deal with and who actually called."""
    t = scenario.truth
    customer = company.customer(t.account)
    contact = customer.contact(t.contact_id) if customer else None
    return {
        "scenario": {
            "id": scenario.id,
            "type": scenario.type.value,
            "difficulty": scenario.difficulty.value,
            "complications": list(scenario.complications),
        },
        "customer": {
            "account": t.account,
            "company": customer.company if customer else "",
        },
        "contact": to_plain(contact),
        "caller": to_plain(t.caller),
    }


def _order(company: Company, t: Truth, lines: tuple[OrderLine, ...]) -> dict[str, Any]:
    """The correct order's header, lines, totals and deposit."""
    sums = totals(company, lines)
    return {
        "delivery_address": to_plain(t.delivery),
        "customer_ref": t.customer_ref,
        "requested_date": t.requested_date,
        "instructions": t.instructions,
        "priority": t.priority,
        "part_delivery": t.part_delivery,
        "lines": [_line(company, ln) for ln in lines],
        "totals": {
            "net": str(sums.net),
            "vat": str(sums.vat),
            "gross": str(sums.gross),
        },
        "deposit": _deposit(company, lines),
    }


def _line(company: Company, line: OrderLine) -> dict[str, Any]:
    """One correct line with its product name and net value."""
    product = company.product(line.code)
    return {
        "code": line.code,
        "name": product.name if product else line.code,
        "qty": line.qty,
        "unit_price": str(line.unit_price),
        "discount_pct": str(line.discount_pct),
        "options": dict(line.options),
        "net": str(line_net(line)),
    }


def _deposit(company: Company, lines: tuple[OrderLine, ...]) -> str | None:
    """The deposit due on made-to-order items, if any."""
    made = tuple(
        ln
        for ln in lines
        if (p := company.product(ln.code)) and p.kind is ProductKind.MADE_TO_ORDER
    )
    if not made:
        return None
    pct = company.policy.number("bespoke_deposit", "deposit_pct")
    return str(pennies(totals(company, made).gross * pct / Decimal(100)))


def _questions(company: Company, scenario: Scenario) -> list[dict[str, str]]:
    """A question from the bank for each fact the customer had to be asked about."""
    out = []
    for kind in scenario.truth.must_ask:
        q = next((q for q in company.questions if kind in q.reveals), None)
        if q is not None:
            out.append(
                {
                    "fact": kind,
                    "question_id": q.id,
                    "spin": q.spin.value,
                    "text": q.text,
                }
            )
    return out


LineView = Mapping[str, Any]


def pair_lines(
    mine: Sequence[LineView], model: Sequence[LineView]
) -> list[tuple[LineView | None, LineView | None]]:
    """Pair the learner's lines with the model answer's, whatever their order.

    Identical lines pair first, then lines of the same product, then what is
    left in turn; a line without a partner is paired with ``None``.
    """
    left = list(range(len(model)))
    match: dict[int, int] = {}
    tests: tuple[Callable[[LineView, LineView], bool], ...] = (
        lambda a, b: _key(a) == _key(b),
        lambda a, b: str(a.get("code")) == str(b.get("code")),
        lambda a, b: True,
    )
    for same in tests:
        for i, line in enumerate(mine):
            if i in match:
                continue
            j = next((j for j in left if same(line, model[j])), None)
            if j is not None:
                match[i] = j
                left.remove(j)
    pairs: list[tuple[LineView | None, LineView | None]] = [
        (line, model[match[i]] if i in match else None) for i, line in enumerate(mine)
    ]
    return pairs + [(None, model[j]) for j in left]


def _key(line: LineView) -> tuple[str, str, str, str, str]:
    """What makes two lines the same line (code, quantity, price, discount, options)."""
    return (
        str(line.get("code")),
        str(line.get("qty")),
        str(Decimal(str(line.get("unit_price") or 0)).normalize()),
        str(Decimal(str(line.get("discount_pct") or 0)).normalize()),
        str(sorted(dict(line.get("options") or {}).items())),
    )

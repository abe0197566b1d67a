"""The facts the simulated customer knows, by kind, and how questions reveal them."""

from __future__ import annotations

from collections.abc import Mapping

from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import Product
from portfolio.simulator.domain.company.model import Question
from portfolio.simulator.domain.order.model import Priority
from portfolio.simulator.domain.scenarios.draft import Draft
from portfolio.simulator.domain.scenarios.word_pools import DEADLINE_IMPACTS, NEEDS

TOPICS = ("size", "finish", "extras", "branding")
CONSUMABLES = frozenset({"paper", "breakroom", "stationery"})
UNKNOWN = "I'm not sure that applies to us, to be honest."


def option_text(
    product: Product, options: Mapping[str, str], topic: str | None = None
) -> str:
    """Chosen options in words, e.g. ``width 1800 mm, top finish walnut``."""
    parts = [
        _said(o.label, options[o.name])
        for o in product.options
        if options.get(o.name) and (topic is None or o.topic == topic)
    ]
    return ", ".join(parts)


def _said(label: str, value: str) -> str:
    """One option as a person would say it."""
    name, _, unit = label.lower().partition(" (")
    unit = unit.rstrip(")")
    return f"{name} {value.replace('_', ' ')}" + (f" {unit}" if unit else "")


def fill(d: Draft) -> None:
    """Add every fact a complication has not already set."""
    base = {**_order_facts(d), **_situation_facts(d)}
    for topic in TOPICS:
        base[f"option:{topic}"] = _topic(d, topic)
    for kind, text in base.items():
        d.facts.setdefault(kind, text)


def _order_facts(d: Draft) -> dict[str, str]:
    """What the customer says about the order's details when asked."""
    c, contact, delivery = d.customer, d.contact, d.delivery
    when = long_date(date_of_day(d.start, d.brief_day))
    return {
        "account": f"We're {c.company}, account number {c.account}.",
        "contact": (
            f"Please put {contact.name}, our {contact.role}, down as the contact: "
            f"{contact.email}, {contact.phone}."
        ),
        "delivery_address": f"The usual address please: {delivery.one_line()}.",
        "customer_ref": (
            f"Yes, please quote {d.customer_ref}."
            if d.customer_ref
            else "We don't use purchase order numbers for orders like this."
        ),
        "requested_date": (
            f"We need it on site by 10am tomorrow, {when}."
            if d.priority is Priority.URGENT
            else f"We need it by {when}."
        ),
        "quantity": "Exactly as in my message: "
        + "; ".join(
            f"{d.brief_qty(ln)} x {d.product(ln.code).name}" for ln in d.goods()
        )
        + ".",
        "product": "It's exactly the item described in my message.",
        "instructions": d.instructions
        or "No, nothing special - a normal delivery is fine.",
    }


def _situation_facts(d: Draft) -> dict[str, str]:
    """Why they need the order, what a delay would cost, and their defaults."""
    return {
        "need": d.rng.choice(_needs(d)),
        "deadline_impact": d.rng.choice(DEADLINE_IMPACTS[d.type]),
        "shortage_preference": (
            "We'd really like everything together on the date we asked for."
        ),
        "discount_reason": "We're happy with your normal prices.",
        "payment": "Our account should be up to date as far as I know.",
    }


def _needs(d: Draft) -> tuple[str, ...]:
    """Reasons that fit the order: only consumables "run out"."""
    consumable = any(d.product(ln.code).category in CONSUMABLES for ln in d.goods())
    pool = tuple(n for n in NEEDS[d.type] if consumable or "ran out" not in n)
    return pool or NEEDS[d.type]


def _topic(d: Draft, topic: str) -> str:
    """What the customer says about one option topic of the made-to-order items."""
    said = [
        option_text(d.product(ln.code), ln.options, topic)
        for ln in d.lines
        if ln.options
    ]
    said = [s for s in said if s]
    if not said:
        return "That doesn't apply to this order."
    return "For the made-to-order item: " + "; ".join(said) + "."


def answer(question: Question, facts: Mapping[str, str]) -> str:
    """The customer's answer to ``question``, drawn from the facts it reveals."""
    said = [facts[k] for k in question.reveals if k in facts]
    return " ".join(dict.fromkeys(said)) if said else UNKNOWN

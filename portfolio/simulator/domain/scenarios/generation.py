"""Deterministic scenario generation from ``(type, difficulty, seed)``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from random import Random

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.clock import SIM_EPOCH
from portfolio.simulator.domain.company.catalogue import Product, ProductKind
from portfolio.simulator.domain.company.crm import AccountStatus, Customer
from portfolio.simulator.domain.company.model import Company
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.order.model import Priority, totals
from portfolio.simulator.domain.people.persona import persona_kind
from portfolio.simulator.domain.scenarios import facts
from portfolio.simulator.domain.scenarios.assembly import assemble, truth_order
from portfolio.simulator.domain.scenarios.complications.registry import (
    BY_ID,
    choose,
    fitting_variant,
)
from portfolio.simulator.domain.scenarios.draft import Draft, is_stock_item
from portfolio.simulator.domain.scenarios.model import (
    Channel,
    Difficulty,
    Scenario,
    ScenarioSpec,
)
from portfolio.simulator.domain.scenarios.word_pools import INSTRUCTIONS


def generate_scenario(company: Company, spec: ScenarioSpec) -> Scenario:
    """Generate the scenario for ``spec``; the same spec gives the same scenario."""
    kind, level = _parse(spec)
    rng = Random(f"{kind.value}:{level.value}:{spec.seed}")
    picks = choose(rng, kind, level, spec.complications)
    d = _start(company, kind, rng, picks)
    key = f"{kind.value}:{level.value}:{spec.seed}"
    d.persona, d.voice = persona_kind(key).value, Random(f"voice:{key}")
    if d.channel is Channel.EMAIL and d.voice.random() < 0.35:
        d.channel = Channel.FORWARDED  # a colleague's list, sent on by the contact
    _base_lines(d)
    for cid, variant in picks:
        BY_ID[cid].claim(d, variant)
    _dates(d)
    _header(d)
    if d.persona == "unsure" and d.instructions:
        d.late_instructions = True  # forgets them in the brief, adds them later
    _apply(d)
    _finish(d)
    return assemble(d, spec.seed, level, explicit=spec.complications is not None)


def _apply(d: Draft) -> None:
    """Apply each complication in a variant that fits the order drawn so far."""
    for i, (cid, drawn) in enumerate(d.picks):
        variant = fitting_variant(d, cid, drawn)
        d.picks[i] = (cid, variant)
        BY_ID[cid].apply(d, variant)


def _parse(spec: ScenarioSpec) -> tuple[OrderType, Difficulty]:
    """Validate the spec's type and difficulty."""
    try:
        kind = OrderType(spec.type)
    except ValueError as exc:
        raise ValidationError(f"unknown scenario type {spec.type!r}", "type") from exc
    try:
        level = Difficulty(spec.difficulty)
    except ValueError as exc:
        raise ValidationError(
            f"unknown difficulty {spec.difficulty!r}", "difficulty"
        ) from exc
    if isinstance(spec.seed, bool) or not isinstance(spec.seed, int):
        raise ValidationError("seed must be a whole number", "seed")
    return kind, level


def _start(
    company: Company, kind: OrderType, rng: Random, picks: list[tuple[str, str]]
) -> Draft:
    """Start date and time, customer, contact and channel."""
    day = SIM_EPOCH + timedelta(days=7 * rng.randint(0, 40) + rng.randint(0, 3))
    day = company.calendar.next_working_day(day)  # never on a bank holiday
    first = time(8, 45) if kind is OrderType.URGENT else time(9, 0)
    spread = 45 if kind is OrderType.URGENT else 120
    start = datetime.combine(day, first) + timedelta(minutes=rng.randint(0, spread))
    status = (
        AccountStatus.ON_STOP
        if ("credit_problem", "on_stop") in picks
        else AccountStatus.ACTIVE
    )
    customer = rng.choice([c for c in company.customers if c.status is status])
    contact = rng.choice(customer.authorised())
    channels = (
        (Channel.PHONE, Channel.PHONE, Channel.EMAIL)
        if kind is OrderType.URGENT
        else (Channel.EMAIL, Channel.PHONE, Channel.WEB_FORM)
    )
    main_site = customer.delivery_addresses[0]
    channel = rng.choice(channels)
    d = Draft(company, kind, rng, start, picks, customer, contact, main_site, channel)
    d.caller_name, d.caller_id = contact.name, contact.id
    return d


def _base_lines(d: Draft) -> None:
    """The items of the order before complications add or claim any."""
    if d.type is OrderType.BESPOKE:
        made = d.pick_some(
            lambda p: p.kind is ProductKind.MADE_TO_ORDER, "made-to-order product"
        )
        line = d.add_line(made, qty=d.rng.randint(1, 2 if made.unit_price > 700 else 6))
        line.options = _options(d, made)
        topics = sorted({o.topic for o in made.options if o.name in line.options})
        line.hidden_topics = d.rng.sample(topics, d.rng.randint(1, min(2, len(topics))))
        d.must_ask += [f"option:{t}" for t in line.hidden_topics]
        count = d.rng.randint(0, 1)
    else:
        count = (
            d.rng.randint(1, 3) if d.type is OrderType.STANDARD else d.rng.randint(1, 2)
        )
    for _ in range(count):
        d.add_line(d.pick_some(is_stock_item, "stock item"))


def _options(d: Draft, product: Product) -> dict[str, str]:
    """A valid random configuration of a made-to-order product."""
    chosen: dict[str, str] = {}
    for o in product.options:
        if o.free_text:
            if o.required or d.rng.random() < 0.5:
                word = d.customer.company.split()[0].upper()
                chosen[o.name] = (
                    f"ART-{d.rng.randint(1000, 9999)}" if o.required else word
                )[: o.max_length]
        else:
            chosen[o.name] = d.rng.choice(o.values).value
    for c in product.constraints:
        if c.violated(chosen):
            chosen[c.then_option] = d.rng.choice(c.then_values)
    return chosen


def _dates(d: Draft) -> None:
    """The requested delivery day: tomorrow if urgent, else after the lead time."""
    if d.type is OrderType.URGENT:
        day = d.working_day(1)
    else:
        lead = max(d.product(ln.code).lead_time_days for ln in d.lines)
        day = d.working_day(lead + d.rng.randint(2, 6))
    d.requested_day = d.brief_day = day


def _header(d: Draft) -> None:
    """Purchase order number, delivery instructions, priority and express charge."""
    if d.rng.random() < 0.75:
        initials = "".join(w[0] for w in d.customer.company.split()[:2]).upper()
        d.customer_ref = d.rng.choice(
            (
                f"PO-{d.rng.randint(10000, 99999)}",
                f"{initials}/{d.rng.randint(1000, 9999)}",
            )
        )
    if d.rng.random() < 0.5:
        text, keys = d.rng.choice(INSTRUCTIONS)
        d.instructions, d.keywords = text.format(first=d.contact.name.split()[0]), keys
    if d.type is OrderType.URGENT:
        d.priority = Priority.URGENT
        express = d.product(d.company.policy.text("urgent_express", "product_code"))
        d.add_line(express, "policy", qty=1)


def _finish(d: Draft) -> None:
    """Stock for the untroubled lines, credit headroom, and the customer's facts."""
    troubled = {"stock_shortage"} | (
        {"supplier_delay"} if d.line_for("supplier_delay") else set()
    )
    for line in d.lines:
        if (
            d.product(line.code).kind is ProductKind.STOCK
            and line.claimed_by not in troubled
        ):
            d.ensure_free(line.code, line.qty)
    _credit(d)
    facts.fill(d)


def _credit(d: Draft) -> None:
    """Put the account over its limit, or make sure it is safely under it."""
    c = d.customer
    grosses = [
        totals(d.company, truth_order(d, amended).lines).gross
        for amended in (False, True)
    ]
    if d.credit_over:
        d.balance = max(
            Decimal("0.00"), c.credit_limit - min(grosses) + d.rng.randint(60, 400)
        )
    elif c.status is AccountStatus.ACTIVE and c.balance + max(grosses) > c.credit_limit:
        if max(grosses) * 2 > c.credit_limit:
            d.credit_limit = Decimal(int(max(grosses) * 3 // 1000 + 1) * 1000)
        d.balance = max(
            Decimal("0.00"),
            min(
                c.balance,
                (d.credit_limit or c.credit_limit)
                - max(grosses)
                - d.rng.randint(150, 600),
            ),
        )
    d.customer = _effective(c, d.balance, d.credit_limit)


def _effective(
    customer: Customer, balance: Decimal | None, limit: Decimal | None
) -> Customer:
    """The customer as this scenario sees them."""
    if balance is not None:
        customer = replace(customer, balance=balance.quantize(Decimal("0.01")))
    if limit is not None:
        customer = replace(customer, credit_limit=limit.quantize(Decimal("0.01")))
    return customer

"""The customer's request in their own words: an email, a phone call or a web form."""

from __future__ import annotations

from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.model import Priority
from portfolio.simulator.domain.scenarios.draft import Draft, DraftLine
from portfolio.simulator.domain.scenarios.facts import option_text
from portfolio.simulator.domain.scenarios.model import Brief, Channel
from portfolio.simulator.domain.scenarios.word_pools import OUR_REPS


def compose(d: Draft) -> Brief:
    """Write the brief for the finished draft."""
    sender, address = _sender(d)
    parts = _parts(d)
    if d.channel is Channel.PHONE:
        body = _phone(d, sender, parts)
    elif d.channel is Channel.WEB_FORM:
        body = _web_form(d, sender, address, parts)
    else:
        body = _email(d, sender, parts)
    return Brief(d.channel, sender, address, _subject(d), body, d.start.isoformat())


def _sender(d: Draft) -> tuple[str, str]:
    """Who the request comes from and how to reach them."""
    caller = d.customer.contact(d.caller_id) if d.caller_id else None
    if d.caller_authorised:
        caller = d.contact
    if caller is None:
        return d.caller_name, f"07700 900{d.rng.randint(100, 999)}"
    return caller.name, caller.phone if d.channel is Channel.PHONE else caller.email


def _subject(d: Draft) -> str:
    """Email subject line."""
    if d.priority is Priority.URGENT:
        return f"URGENT - order needed for tomorrow ({d.customer.company})"
    if any(ln.options for ln in d.lines):
        return f"Made-to-order enquiry - {d.customer.company}"
    return d.rng.choice(
        (
            f"Order - {d.customer.company}",
            "New order please",
            f"Purchase order for {d.customer.company}",
        )
    )


def item_text(d: Draft, line: DraftLine) -> str:
    """One requested item as the customer words it."""
    asked = d.product(line.asked_code or line.code)
    name = line.name_said or asked.name
    code = line.code_said
    if code is None:
        code = asked.code if d.rng.random() < 0.6 else ""
    qty = line.qty_said or str(d.brief_qty(line))
    text = f"{qty} x {name}" + (f" ({code})" if code else "")
    if line.options:
        shown = {
            k: v
            for k, v in line.options.items()
            if (o := asked.option(k)) is not None and o.topic not in line.hidden_topics
        }
        spec = option_text(asked, shown)
        text += f" - {spec}" if spec else " - details to be agreed"
    return text


def _parts(d: Draft) -> dict[str, str]:
    """The sentences every channel is built from."""
    items = [
        item_text(d, ln)
        for ln in d.lines
        if d.product(ln.code).kind is not ProductKind.SERVICE
    ]
    when = date_of_day(d.start, d.brief_day)
    date = d.date_said or (
        f"by 10am tomorrow ({long_date(when)})"
        if d.priority is Priority.URGENT
        else f"by {long_date(when)}"
    )
    unique = sum(1 for c in d.company.customers if c.company == d.customer.company) == 1
    account = (
        f" (account {d.customer.account})" if not unique or d.rng.random() < 0.6 else ""
    )
    return {
        "items": "\n".join(f"- {i}" for i in items),
        "date": date,
        "delivery": _delivery(d),
        "account": account,
        "ref": f"Our purchase order number is {d.customer_ref}."
        if d.customer_ref
        else "",
        "discount": _discount(d),
        "instructions": d.instructions,
        "need": d.facts["need"] if d.rng.random() < 0.5 else "",
    }


def _delivery(d: Draft) -> str:
    """Where the customer asks for delivery."""
    addr = d.delivery
    if d.delivery_said == "new":
        return f"to our new premises - we've just moved in: {addr.one_line()}"
    if d.delivery_said == "site":
        return (
            f"to our {addr.label} ({addr.line1}, {addr.town}, {addr.postcode}), please"
        )
    return "to our usual address"


def _discount(d: Draft) -> str:
    """The discount request, if any."""
    pct = next((ln.discount for ln in d.lines if ln.discount), None)
    if pct is None:
        return ""
    return f"Could you do {pct_text(pct)}% off? {d.discount_reason}"


def _email(d: Draft, sender: str, p: dict[str, str]) -> str:
    """An email from the customer."""
    contact = d.customer.contact(d.caller_id) if d.caller_id else d.contact
    role = contact.role if contact else ""
    lines = [
        f"Hi {d.rng.choice(OUR_REPS)},",
        "",
        f"Please could we order the following for {d.customer.company}{p['account']}:",
        "",
        p["items"],
        "",
        f"Delivery {p['delivery']}, {p['date']}.",
        *_some(p["ref"], p["instructions"], p["discount"], p["need"]),
        "",
        "Many thanks,",
        sender,
        f"{role}, {d.customer.company}".strip(", "),
    ]
    return _join(lines)


def _phone(d: Draft, sender: str, p: dict[str, str]) -> str:
    """A phone call, as the notes of what the caller said."""
    first = d.contact.name.split()[0]
    where = f"{d.customer.company}{p['account']}"
    intro = (
        f"Hello, it's {sender} from {where}."
        if d.caller_authorised
        else f"Hi, it's {sender} at {where}. {first} asked me to ring an order "
        "through for them."
    )
    items = p["items"].replace("\n- ", "; ").removeprefix("- ")
    lines = [
        f"Phone call to the sales line at {d.start:%H:%M}.",
        "",
        f"Caller: {intro}",
        f"Caller: We need {items}.",
        f"Caller: Can you deliver {p['delivery']}, {p['date']}?",
    ]
    lines += [
        f"Caller: {t}"
        for t in _some(p["ref"], p["instructions"], p["discount"], p["need"])
    ]
    lines += ["You: Thank you, I'll get that entered and confirm the details with you."]
    return _join(lines)


def _web_form(d: Draft, sender: str, address: str, p: dict[str, str]) -> str:
    """A submission of the website's order enquiry form."""
    comments = " ".join(_some(p["instructions"], p["discount"], p["need"]))
    return _join(
        [
            f"Website order enquiry #{d.rng.randint(20000, 89999)}",
            "",
            f"Company: {d.customer.company}",
            f"Account number: {d.customer.account if p['account'] else '-'}",
            f"Name: {sender}",
            f"Email: {address}",
            "",
            "Items requested:",
            p["items"],
            "",
            f"Delivery: {p['delivery']}",
            f"Required: {p['date']}",
            f"Purchase order: {d.customer_ref or '-'}",
            f"Comments: {comments or '-'}",
        ]
    )


def _some(*texts: str) -> list[str]:
    """The optional sentences that are not empty."""
    return [t for t in texts if t]


def _join(lines: list[str]) -> str:
    """Join lines; an empty string is a paragraph break (never two in a row)."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"

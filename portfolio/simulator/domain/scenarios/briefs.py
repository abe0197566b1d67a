"""The customer's request in their own words: e-mail, phone, web form or forward.

Facts come from the draft; only the filler around them is drawn (from the draft's
``voice``, a random stream of its own, so wording never changes the hidden truth).
"""

from __future__ import annotations

from datetime import timedelta
from random import Random

from portfolio.simulator.domain.clock import date_of_day, long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.order.model import Priority
from portfolio.simulator.domain.scenarios import brief_words as w
from portfolio.simulator.domain.scenarios.draft import Draft, DraftLine
from portfolio.simulator.domain.scenarios.facts import option_text
from portfolio.simulator.domain.scenarios.model import Brief, Channel
from portfolio.simulator.domain.scenarios.word_pools import OUR_REPS


def compose(d: Draft) -> Brief:
    """Write the brief for the finished draft."""
    sender, address = _sender(d)
    parts = _parts(d)
    parts["subject"] = _subject(d)
    writers = {
        Channel.PHONE: _phone,
        Channel.WEB_FORM: _web_form,
        Channel.FORWARDED: _forwarded,
    }
    body = writers.get(d.channel, _email)(d, sender, address, parts)
    return Brief(
        d.channel, sender, address, parts["subject"], body, d.start.isoformat()
    )


def caller_details(d: Draft) -> dict[str, str]:
    """What the caller or sender gives when asked who they are (for verification)."""
    sender, address = _sender(d)
    out = {"name": sender, "company": d.customer.company}
    if "@" in address:
        out["email"] = address
    else:
        out["phone"] = address
    if d.caller_authorised or d.caller_id:
        out["account"] = d.customer.account
        out["postcode"] = d.customer.delivery_addresses[0].postcode
    return out


def _sender(d: Draft) -> tuple[str, str]:
    """Who the request comes from and how to reach them."""
    caller = d.customer.contact(d.caller_id) if d.caller_id else None
    if d.caller_authorised:
        caller = d.contact
    if d.sender_address:
        return (caller.name if caller else d.caller_name), d.sender_address
    if caller is None:  # a mobile the CRM does not hold, the same every time
        return d.caller_name, f"07700 900{Random(d.caller_name).randint(100, 999)}"
    return caller.name, caller.phone if d.channel is Channel.PHONE else caller.email


def _subject(d: Draft) -> str:
    """Email subject line."""
    company = d.customer.company
    if d.priority is Priority.URGENT:
        return d.voice.choice(
            (
                f"URGENT - order needed for tomorrow ({company})",
                "Urgent order - delivery tomorrow please",
            )
        )
    if any(ln.options for ln in d.lines):
        return f"Made-to-order enquiry - {company}"
    subject = d.voice.choice(
        (f"Order - {company}", "New order please", f"Purchase order for {company}")
    )
    return f"Fwd: {subject}" if d.channel is Channel.FORWARDED else subject


def item_text(d: Draft, line: DraftLine) -> str:
    """One requested item as the customer words it."""
    asked = d.product(line.asked_code or line.code)
    name = line.name_said or asked.name
    code = line.code_said
    if code is None:
        code = asked.code if d.rng.random() < 0.6 else ""
    coded = name + (f" ({code})" if code else "")
    said = w.qty_words(d.brief_qty(line), d.voice)
    if line.qty_said:
        text = f"{coded} - {line.qty_said}"
    elif said.isdigit() or line.options:
        said = str(d.brief_qty(line))
        text = f"{said} x {coded}"
    else:  # in words, as people write them: after the item
        text = f"{coded} - {said}, please"
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
        "ref": d.voice.choice(
            (
                f"Our purchase order number is {d.customer_ref}.",
                f"Please quote PO {d.customer_ref}.",
                f"PO number: {d.customer_ref}.",
            )
        )
        if d.customer_ref
        else "",
        "discount": _discount(d),
        "instructions": "" if d.late_instructions else d.instructions,
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
    return d.voice.choice(("to our usual address", "to the usual address"))


def _discount(d: Draft) -> str:
    """The discount request, if any (a haggler opens higher than they settle)."""
    pct = next((ln.discount for ln in d.lines if ln.discount), None)
    if pct is None:
        return ""
    bid = d.opening_bid or pct
    return f"Could you do {pct_text(bid)}% off? {d.discount_reason}"


def _signature(d: Draft, sender: str) -> list[str]:
    """Closing, name, role and company."""
    contact = d.customer.contact(d.caller_id) if d.caller_id else d.contact
    role = contact.role if contact and contact.name == sender else ""
    extra = d.voice.choice(w.SIGN_OFF_EXTRAS[d.persona])
    footer = extra.startswith("Sent from")  # a phone's footer goes under the name
    return [
        *_some("" if footer else extra),
        "",
        w.typo(d.voice.choice(w.CLOSINGS[d.persona]), d.voice),
        sender,
        f"{role}, {d.customer.company}".strip(", "),
        *(["", extra] if footer else []),
    ]


def _letter(d: Draft, greeting: str, p: dict[str, str]) -> list[str]:
    """The body of an e-mail: greeting, items, delivery and the extras."""
    template = w.typo(d.voice.choice(w.OPENERS[d.persona]), d.voice)
    opener = template.format(who=f"{d.customer.company}{p['account']}")
    return [
        greeting,
        "",
        opener,
        *d.extra_text,
        "",
        p["items"],
        "",
        f"Delivery {p['delivery']}, {p['date']}.",
        *_some(p["ref"], p["instructions"], p["discount"], p["need"]),
    ]


def _email(d: Draft, sender: str, address: str, p: dict[str, str]) -> str:
    """An email from the customer."""
    rep = d.voice.choice(OUR_REPS)
    greeting = d.voice.choice(w.GREETINGS).format(rep=rep)
    return _join(_letter(d, greeting, p) + _signature(d, sender))


def _forwarded(d: Draft, sender: str, address: str, p: dict[str, str]) -> str:
    """An authorised contact forwards a colleague's list, with a short note."""
    colleague = d.voice.choice(w.COLLEAGUES)
    domain = address.partition("@")[2] or "example.co.uk"
    first, last = colleague.lower().split()
    sent = d.start - timedelta(minutes=d.voice.randint(35, 150))
    inner = _letter(d, f"Hi {sender.split()[0]},", p) + ["", "Thanks,", colleague]
    note = w.typo(d.voice.choice(w.FORWARD_NOTES), d.voice).format(
        colleague=colleague.split()[0]
    )
    return _join(
        [
            "Hi,",
            "",
            note,
            "",
            "Thanks,",
            sender,
            "",
            "---------- Forwarded message ----------",
            f"From: {colleague} <{first}.{last}@{domain}>",
            f"Sent: {long_date(sent.date())} {sent:%H:%M}",
            f"To: {sender} <{address}>",
            f"Subject: {p['subject'].removeprefix('Fwd: ')}",
            "",
            *inner,
        ]
    )


def _phone(d: Draft, sender: str, address: str, p: dict[str, str]) -> str:
    """A phone call, as the transcript of what was said."""
    first = d.contact.name.split()[0]
    where = f"{d.customer.company}{p['account']}"
    hello = d.voice.choice(w.PHONE_HELLOS[d.persona])
    intro = (
        f"{hello}it's {sender} from {where}."
        if d.caller_authorised
        else f"{hello}it's {sender} at {where}. {first} asked me to ring an order "
        "through for them."
    )
    intro = intro[0].upper() + intro[1:]
    items = p["items"].replace("\n- ", "; ").removeprefix("- ")
    rep = d.voice.choice(OUR_REPS)
    lines = [
        f"Call to the sales line at {d.start:%H:%M} (transcript).",
        "",
        f"You: Good {'morning' if d.start.hour < 12 else 'afternoon'}, Northgate "
        f"sales, {rep} speaking.",
        f"Caller: {intro}",
        "You: Thanks. Could I take the number you're calling from, to check it "
        "against your account?",
        f"Caller: {d.voice.choice(('Yes, it', 'Sure, it', 'It'))}'s {address}.",
        f"You: Lovely, thank you. {d.voice.choice(w.PHONE_ASKS)}",
        f"Caller: We need {items}.",
        "You: And where and when would you like it delivered?",
        f"Caller: {p['delivery'][0].upper()}{p['delivery'][1:]}, {p['date']}.",
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
            f"Website order enquiry #{d.voice.randint(20000, 89999)}",
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

"""Complications about the account: address, credit, discount, unauthorised caller."""

from __future__ import annotations

from decimal import Decimal

from portfolio.simulator.domain.company.crm import Address
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.scenarios.complications.shared import (
    note_complication as _facts,
)
from portfolio.simulator.domain.scenarios.complications.shared import (
    require_issue as _issue,
)
from portfolio.simulator.domain.scenarios.draft import Draft
from portfolio.simulator.domain.scenarios.model import Channel
from portfolio.simulator.domain.scenarios.word_pools import (
    DISCOUNT_REASONS,
    NEW_SITES,
    PERSONAL_MAILBOXES,
    UNLISTED_CALLERS,
)


def address_fits(d: Draft, variant: str) -> bool:
    """Another site needs a second delivery address in the CRM."""
    return variant != "other_site" or len(d.customer.delivery_addresses) > 1


def apply_address(d: Draft, variant: str) -> None:
    """Ask for delivery to another site, or a new address not in the CRM."""
    if variant == "other_site":
        d.delivery = d.rng.choice(d.customer.delivery_addresses[1:])
        d.delivery_said = "site"
        summary = (
            f"deliver to the {d.delivery.label} ({d.delivery.postcode}), "
            "not the main office"
        )
        handling = "select the customer's other delivery address held in the CRM"
    else:
        line1, line2, town, county, postcode = d.rng.choice(NEW_SITES)
        d.delivery = Address("", "New site", line1, line2, town, county, postcode)
        d.delivery_said = "new"
        summary = f"deliver to a new address not in the CRM ({postcode})"
        handling = (
            "enter the new address, acknowledge the warning with the reason and show "
            "it in the confirmation"
        )
    d.facts["delivery_address"] = f"Please deliver to {d.delivery.one_line()}."
    _facts(
        d,
        "address_differs",
        variant,
        summary,
        handling,
        "delivery_address",
        d.delivery.postcode,
    )


def apply_credit(d: Draft, variant: str) -> None:
    """The account is on stop, or this order takes it over its limit."""
    c = d.customer
    if variant == "on_stop":
        summary = f"account {c.account} is on stop"
        d.facts["payment"] = (
            "Our finance team paid the overdue invoices by bank transfer "
            "this morning; the remittance advice is on its way to you."
        )
    else:
        d.credit_over = True
        summary = f"this order takes account {c.account} over its credit limit"
        d.facts["payment"] = (
            "We can pay off the outstanding balance today, or pay for this "
            "order in advance if that helps."
        )
    handling = (
        "put the order on hold with the reason, ask credit control to approve it "
        "(say how the account will be paid), resume once approved"
    )
    key = "credit_on_stop" if variant == "on_stop" else "credit_limit"
    _facts(d, "credit_problem", variant, summary, handling, key, c.account)
    _issue(d, "credit_hold", "credit_problem")


def apply_discount(d: Draft, variant: str) -> None:
    """The customer asks for a discount beyond the learner's authority."""
    choices = (8, 10, 12, 15) if variant == "supervisor" else (18, 20, 22)
    pct = Decimal(d.rng.choice(choices)).quantize(Decimal("0.01"))
    for line in d.goods():
        line.discount = pct
    d.discount_reason = d.rng.choice(DISCOUNT_REASONS).format(pct=pct_text(pct))
    d.facts["discount_reason"] = d.discount_reason
    if d.persona == "demanding":  # haggles: opens higher, settles when asked
        d.opening_bid = pct + d.voice.choice((3, 5))
        d.facts["discount_reason"] += (
            f" We'd settle for {pct_text(pct)}% if that's really the best you can do."
        )
        d.must_ask.append("discount_reason")
    role = "supervisor" if variant == "supervisor" else "sales manager"
    summary = f"the customer asks for {pct_text(pct)}% off, over your 5% authority"
    handling = (
        f"ask the {role} to approve {pct_text(pct)}% with a justification "
        "before confirming"
    )
    key = "discount_supervisor" if variant == "supervisor" else "discount_manager"
    _facts(
        d,
        "discount_over_authority",
        variant,
        summary,
        handling,
        key,
        f"{pct_text(pct)}%",
    )


def unauthorised_fits(d: Draft, variant: str) -> bool:
    """A listed caller needs a contact on the account who may not order."""
    return variant != "listed" or any(not c.may_order for c in d.customer.contacts)


def apply_unauthorised(d: Draft, variant: str) -> None:
    """Someone who may not place orders makes contact on the customer's behalf.

    ``unknown_sender``: an e-mail in an authorised contact's name, but from an
    address the CRM does not hold, so it cannot be verified.
    """
    others = [c for c in d.customer.contacts if not c.may_order]
    d.channel = Channel.EMAIL if variant == "unknown_sender" else Channel.PHONE
    if variant == "listed":
        caller = d.rng.choice(others)
        d.caller_name, d.caller_id, detail = caller.name, caller.id, caller.role
    elif variant == "unknown_sender":
        d.caller_name, d.caller_id = d.contact.name, None
        first, _, last = d.contact.name.lower().partition(" ")
        mailbox = d.rng.choice(PERSONAL_MAILBOXES)
        number = d.rng.randint(1, 99)
        d.sender_address = f"{first}.{last.replace(' ', '')}{number}@{mailbox}"
        detail = f"from {d.sender_address}, an address not on the account"
        d.extra_text.append(
            d.rng.choice(
                (
                    "Sorry, I'm on my personal e-mail as I'm working from home today.",
                    "I'm sending this from my own e-mail - our system is down.",
                )
            )
        )
    else:
        d.caller_name, detail = d.rng.choice(UNLISTED_CALLERS)
        d.caller_id = None
    d.caller_authorised = False
    first = d.contact.name.split()[0]
    d.facts["contact"] = (
        f"{d.contact.name} is the one who signs off orders - please confirm "
        f"everything with {first}."
    )
    summary = f"{d.caller_name} ({detail}) calls, but is not authorised to order"
    handling = (
        f"verify the caller, disclose nothing, record it, and confirm the order with "
        f"the authorised contact {d.contact.name}"
    )
    _facts(
        d,
        "unauthorised_caller",
        variant,
        summary,
        handling,
        "authorised_contacts",
        d.caller_name,
        d.contact.name,
    )
    _issue(d, "unauthorised_caller", "unauthorised_caller")

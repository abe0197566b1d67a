"""Comparing what a caller or sender says with what the CRM holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portfolio.simulator.domain.company.crm import (
    Contact,
    Customer,
    norm_postcode,
    squash,
)

DETAILS = ("name", "phone", "email", "postcode")
HELD = ("phone", "email", "postcode")  # a detail we hold; a name alone proves nothing


@dataclass(frozen=True)
class DetailCheck:
    """One detail the learner compared, and whether the record agrees."""

    field: str
    given: str
    matches: bool


def _digits(text: str) -> str:
    """A phone number as digits, +44 written as 0."""
    digits = "".join(c for c in text if c.isdigit())
    return "0" + digits[2:] if digits.startswith("44") else digits


def _matches(
    customer: Customer, contact: Contact | None, field: str, given: str
) -> bool:
    """Whether ``given`` agrees with the record for ``field``."""
    if field == "postcode":
        return any(
            norm_postcode(a.postcode) == norm_postcode(given)
            for a in customer.delivery_addresses
        )
    if contact is None:
        return False
    if field == "name":
        return squash(contact.name) == squash(given)
    if field == "phone":
        return _digits(contact.phone) == _digits(given)
    mailboxes = {contact.email.casefold(), customer.email.casefold()} - {""}
    return given.strip().casefold() in mailboxes


def compare(
    customer: Customer, contact: Contact | None, given: Mapping[str, str]
) -> tuple[DetailCheck, ...]:
    """Each detail given, compared with the CRM record of ``contact``."""
    return tuple(
        DetailCheck(f, str(given[f]).strip(), _matches(customer, contact, f, given[f]))
        for f in DETAILS
        if str(given.get(f) or "").strip()
    )


def held_detail_matched(checks: tuple[DetailCheck, ...]) -> bool:
    """At least one detail we hold was compared, and every compared detail agrees."""
    return any(c.field in HELD for c in checks) and all(c.matches for c in checks)

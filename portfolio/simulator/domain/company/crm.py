"""Customer accounts held in the simulated CRM."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from portfolio.simulator.domain.money import dec

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


class AccountStatus(StrEnum):
    """Whether the account may trade."""

    ACTIVE = "active"
    ON_STOP = "on_stop"


@dataclass(frozen=True)
class Address:
    """A postal address; ``id`` is empty for an address not held in the CRM."""

    id: str
    label: str
    line1: str
    line2: str
    town: str
    county: str
    postcode: str

    def one_line(self) -> str:
        """The address on one line."""
        parts = (self.line1, self.line2, self.town, self.county, self.postcode)
        return ", ".join(p for p in parts if p)

    def key(self) -> tuple[str, str]:
        """What identifies the place: first line and postcode, normalised."""
        return (squash(self.line1), norm_postcode(self.postcode))


@dataclass(frozen=True)
class Contact:
    """A person at the customer."""

    id: str
    name: str
    role: str
    phone: str
    email: str
    may_order: bool


@dataclass(frozen=True)
class Interaction:
    """A past interaction recorded in the CRM."""

    days_ago: int
    channel: str
    contact: str
    summary: str
    date: str = ""  # ISO date of the interaction
    reference: str = ""  # the order, quotation or invoice it concerns


@dataclass(frozen=True)
class Customer:
    """A customer account."""

    account: str
    company: str
    status: AccountStatus
    sector: str
    payment_terms: str
    credit_limit: Decimal
    balance: Decimal
    marketing_consent: bool
    contacts: tuple[Contact, ...]
    billing_address: Address
    delivery_addresses: tuple[Address, ...]
    history: tuple[Interaction, ...]
    phone: str = ""  # the switchboard number on record
    email: str = ""  # the orders mailbox on record
    default_delivery: str = ""  # id of the usual delivery address

    def default_address(self) -> Address:
        """The usual delivery address ("our usual address")."""
        return self.address(self.default_delivery) or self.delivery_addresses[0]

    def contact(self, contact_id: str | None) -> Contact | None:
        """The contact with ``contact_id``."""
        return next((c for c in self.contacts if c.id == contact_id), None)

    def address(self, address_id: str | None) -> Address | None:
        """The delivery address with ``address_id``."""
        return next((a for a in self.delivery_addresses if a.id == address_id), None)

    def authorised(self) -> tuple[Contact, ...]:
        """Contacts who may place orders."""
        return tuple(c for c in self.contacts if c.may_order)

    # Worked out once per customer: every CRM search reads them for all customers.
    @cached_property
    def search_postcodes(self) -> tuple[str, ...]:
        """Its billing and delivery postcodes, normalised as a search compares them."""
        addresses = (self.billing_address, *self.delivery_addresses)
        return tuple(norm_postcode(a.postcode) for a in addresses)

    @cached_property
    def search_names(self) -> str:
        """Its company and contact names, case-folded as a search compares them."""
        return " ".join([self.company, *(p.name for p in self.contacts)]).casefold()


def squash(text: str) -> str:
    """Case-fold and collapse whitespace, for comparing what people type."""
    return " ".join(text.casefold().split())


def norm_postcode(postcode: str) -> str:
    """Upper-case without spaces."""
    return "".join(postcode.upper().split())


def valid_postcode(postcode: str) -> bool:
    """Whether ``postcode`` looks like a UK postcode."""
    return bool(POSTCODE.match(" ".join(postcode.upper().split())))


def address_from_dict(d: Mapping[str, Any], ident: str = "") -> Address:
    """Build an address."""
    return Address(
        str(d.get("id") or ident),
        str(d.get("label", "")),
        str(d["line1"]),
        str(d.get("line2") or ""),
        str(d["town"]),
        str(d.get("county") or ""),
        str(d["postcode"]),
    )


def customer_from_dict(d: Mapping[str, Any]) -> Customer:
    """Build a customer from its CRM entry."""
    return Customer(
        account=str(d["account"]),
        company=str(d["company"]),
        status=AccountStatus(d.get("status", "active")),
        sector=str(d.get("sector", "")),
        payment_terms=str(d.get("payment_terms", "30 days")),
        credit_limit=dec(d["credit_limit"]),
        balance=dec(d.get("balance", "0")),
        marketing_consent=bool(d.get("marketing_consent", False)),
        contacts=tuple(
            Contact(
                str(c["id"]),
                str(c["name"]),
                str(c.get("role", "")),
                str(c.get("phone", "")),
                str(c.get("email", "")),
                bool(c.get("may_order", False)),
            )
            for c in d["contacts"]
        ),
        billing_address=address_from_dict(d["billing_address"]),
        delivery_addresses=tuple(address_from_dict(a) for a in d["delivery_addresses"]),
        history=tuple(
            Interaction(
                int(h["days_ago"]),
                str(h["channel"]),
                str(h.get("contact", "")),
                str(h["summary"]),
                str(h.get("date") or ""),
                str(h.get("reference") or ""),
            )
            for h in d.get("history") or ()
        ),
        phone=str(d.get("phone") or ""),
        email=str(d.get("email") or ""),
        default_delivery=str(d.get("default_delivery") or ""),
    )

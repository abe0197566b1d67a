"""The approver's judgement: what a justification says, and the answer in words.

A justification that names the customer, gives a business reason and states the
value or margin at stake is decided differently from one that just says "please":
the approver may approve in full, approve a lower figure, or refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from random import Random

REASON_WORDS = (
    "competitor",
    "quote",
    "quoted",
    "match",
    "years",
    "loyal",
    "regular",
    "volume",
    "biggest",
    "large order",
    "repeat",
    "second site",
    "next quarter",
    "budget",
    "contract",
    "tender",
    "another supplier",
    "retain",
    "keep the account",
)
_VALUE = re.compile(
    r"£\s?\d|\d+(\.\d+)?\s?%|\bmargin\b|\border value\b|\bworth\b|\b\d{3,}\b"
)
APPROVERS = {
    "supervisor": "Karen Whitfield, Sales Supervisor",
    "sales_manager": "Rob Ellison, Sales Manager",
    "credit_control": "Nadia Hussain, Credit Control",
}


@dataclass(frozen=True)
class Reading:
    """What a justification tells the approver."""

    names_customer: bool
    gives_reason: bool
    states_value: bool

    @property
    def strength(self) -> int:
        """How many of the three things an approver looks for are there (0-3)."""
        return self.names_customer + self.gives_reason + self.states_value


def read(justification: str, customer_names: tuple[str, ...]) -> Reading:
    """Read a justification for the customer, a reason and the value at stake."""
    text = " ".join(justification.casefold().split())
    names = tuple(n.casefold() for n in customer_names if n)
    return Reading(
        any(n in text for n in names),
        any(w in text for w in REASON_WORDS),
        bool(_VALUE.search(text)),
    )


def customer_names(account: str, company: str) -> tuple[str, ...]:
    """How a justification may name the customer: account, full or short name."""
    short = company.replace(" Ltd", "").replace(" plc", "").replace(" LLP", "")
    first = company.split()[0] if company.split() else ""
    generic = {"the", "st", "north", "south", "east", "west", "new"}
    return tuple(
        n for n in (account, company, short, first) if n and n.casefold() not in generic
    )


def lower_figure(asked: Decimal, own: Decimal) -> Decimal:
    """What an approver offers instead of ``asked``: half-way above own authority."""
    mid = (own + (asked - own) / 2).quantize(Decimal("1"), rounding=ROUND_FLOOR)
    return max(own + 1, mid) if own + 1 < asked else asked


def discount_verdict(reading: Reading) -> str:
    """``full``, ``partial`` or ``refuse`` for a discount request."""
    if reading.strength == 3 or (reading.strength == 2 and reading.gives_reason):
        return "full"
    return "partial" if reading.strength >= 1 else "refuse"


def _say(options: tuple[str, ...], key: str) -> str:
    """One wording of ``options``, the same every time for ``key``."""
    return Random(key).choice(options)


def sign(role: str, body: str, key: str) -> str:
    """The approver's message, greeting to signature."""
    hello = _say(("Hi,", "Hello,", "Thanks for this."), f"{key}:hi")
    return f"{hello} {body}\n{APPROVERS.get(role, role)}"


def full_discount(pct: str, company: str, key: str) -> str:
    """Approving the discount as asked."""
    return _say(
        (
            f"Yes, {pct}% for {company} is fine - thanks for setting out the reasons.",
            f"Approved: {pct}% for {company}. Good case, go ahead.",
            f"That's a sensible case. You can offer {company} {pct}%.",
        ),
        key,
    )


def partial_discount(asked: str, offer: str, missing: list[str], key: str) -> str:
    """Approving a lower figure, and what would change the approver's mind."""
    gaps = " and ".join(missing)
    return _say(
        (
            f"I can do {offer}%, not {asked}%. If you can tell me {gaps}, "
            "I'll look at it again.",
            f"{asked}% is a lot on what you've told me. I'll approve {offer}%; "
            f"come back to me with {gaps} if they need more.",
        ),
        key,
    )


def refuse_discount(asked: str, key: str) -> str:
    """Refusing a request that gives nothing to decide on."""
    return _say(
        (
            f"I can't approve {asked}% on that. Who is the customer, why do they "
            "need it, and what is the order worth to us?",
            f"Sorry, no - not on 'please'. Tell me the customer, their reason and "
            f"the value of the order and I'll reconsider {asked}%.",
        ),
        key,
    )


def missing_parts(reading: Reading) -> list[str]:
    """What a justification left out, in the approver's words."""
    out = []
    if not reading.names_customer:
        out.append("who the customer is")
    if not reading.gives_reason:
        out.append("why they need it")
    if not reading.states_value:
        out.append("what the order is worth")
    return out

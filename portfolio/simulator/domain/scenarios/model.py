"""A generated scenario: the brief, the hidden truth and the scheduled events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.company.catalogue import Stock
from portfolio.simulator.domain.company.crm import Address
from portfolio.simulator.domain.order.model import Priority
from portfolio.simulator.domain.serial import from_plain, plain_dict


class Difficulty(StrEnum):
    """How many and which complications are drawn."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Channel(StrEnum):
    """How the request arrived."""

    EMAIL = "email"
    PHONE = "phone"
    WEB_FORM = "web_form"
    FORWARDED = "forwarded"


@dataclass(frozen=True)
class ScenarioSpec:
    """What to generate; ``complications`` overrides the draw when given."""

    type: str
    difficulty: str
    seed: int
    complications: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Brief:
    """The customer's request, in their own words."""

    channel: Channel
    sender: str
    sender_address: str
    subject: str
    body: str
    received_at: str


@dataclass(frozen=True)
class Caller:
    """Who actually made contact (may not be an authorised contact)."""

    name: str
    contact_id: str | None
    authorised: bool


@dataclass(frozen=True)
class TruthLine:
    """A line of the order the customer actually needs."""

    code: str
    qty: int
    unit_price: Decimal
    discount_pct: Decimal
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RequiredApproval:
    """An approval the policy requires for the correct order."""

    type: str
    role: str
    clause: str
    reason: str


@dataclass(frozen=True)
class RequiredIssue:
    """An issue the learner must log for a complication."""

    issue_type: str
    complication: str
    clause: str


@dataclass(frozen=True)
class RequiredFollowUp:
    """A follow-up the policy requires after a scheduled event."""

    event_id: str
    event_kind: str
    within_minutes: int
    clause: str
    description: str


@dataclass(frozen=True)
class ComplicationFacts:
    """A complication present in the scenario, with its key facts."""

    id: str
    variant: str
    summary: str
    handling: str
    clause: str
    key_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Amendment:
    """The quantity the customer changes in reply to the confirmation."""

    code: str
    from_qty: int
    to_qty: int


@dataclass(frozen=True)
class AsRequested:
    """What the customer expects until they learn of a stock shortage."""

    code: str
    asked_code: str
    asked_price: Decimal
    requested_date: str
    part_delivery: bool


@dataclass(frozen=True)
class Truth:
    """The hidden answer key."""

    account: str
    contact_id: str
    caller: Caller
    delivery: Address
    customer_ref: str
    requested_date: str
    instructions: str
    instruction_keywords: tuple[str, ...]
    priority: Priority
    part_delivery: bool
    lines: tuple[TruthLine, ...]
    required_approvals: tuple[RequiredApproval, ...]
    required_issues: tuple[RequiredIssue, ...]
    required_follow_ups: tuple[RequiredFollowUp, ...]
    complications: tuple[ComplicationFacts, ...]
    facts: Mapping[str, str]
    must_ask: tuple[str, ...]
    amendment: Amendment | None = None
    as_requested: AsRequested | None = None
    persona: str = "patient"
    caller_details: Mapping[str, str] = field(default_factory=dict)

    def complication(self, cid: str) -> ComplicationFacts | None:
        """The complication ``cid`` if present."""
        return next((c for c in self.complications if c.id == cid), None)


@dataclass(frozen=True)
class ScheduledEvent:
    """Something the supplier, warehouse or customer does on the simulated clock."""

    id: str
    kind: str
    trigger: str
    offset_minutes: int
    message: str
    needs_follow_up: bool
    sla_minutes: int
    clause: str
    key_facts: tuple[str, ...] = ()
    data: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """Everything generated from ``(type, difficulty, seed)``."""

    id: str
    type: OrderType
    difficulty: Difficulty
    seed: int
    complications: tuple[str, ...]
    start: str
    brief: Brief
    truth: Truth
    events: tuple[ScheduledEvent, ...]
    stock_overrides: dict[str, Stock]
    account_overrides: dict[str, dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return plain_dict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Scenario:
        """Rebuild from :meth:`to_dict` output."""
        return from_plain(cls, d)

"""Evidence a run accumulates: checks, approvals, confirmations, notes, events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CheckBasis = tuple[int, str, int, str | None, str]
"""What a stock check depends on: line id, code, quantity, requested date, priority."""


@dataclass(frozen=True)
class LogEntry:
    """One action in the append-only log (accepted or refused) at ``sim_time``."""

    seq: int
    sim_time: int
    kind: str
    params: Mapping[str, Any]
    accepted: bool
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    outcome: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StockCheck:
    """A stock check of one line and the values it was based on."""

    id: str
    seq: int
    at: int
    line_id: int
    code: str
    qty: int
    requested_date: str | None
    priority: str
    outcome: str
    result: Mapping[str, Any]

    def basis(self) -> CheckBasis:
        """What the check depends on."""
        return (self.line_id, self.code, self.qty, self.requested_date, self.priority)


@dataclass(frozen=True)
class Approval:
    """An approval request; its decision is delivered at ``due_at``."""

    id: str
    seq: int
    at: int
    type: str
    role: str
    justification: str
    basis: Mapping[str, Any]
    clause: str
    due_at: int
    decision: str
    decision_message: str
    status: str = "pending"
    message: str = ""
    decided_at: int | None = None
    decided_seq: int | None = None


@dataclass(frozen=True)
class Confirmation:
    """A confirmation sent to the customer, and their reply when it arrives."""

    id: str
    seq: int
    at: int
    channel: str
    to_contact_id: str
    revision: int
    content: Mapping[str, Any]
    reply_due: int
    planned_reply: str
    planned_text: str
    planned_differences: tuple[str, ...]
    planned_fields: tuple[str, ...] = ()
    reply: str = ""
    reply_text: str = ""
    replied_at: int | None = None
    replied_seq: int | None = None

    @property
    def number(self) -> int:
        """The confirmation's number in the run: 1, 2, 3 in the order sent."""
        return int(self.id.removeprefix("CF"))


@dataclass(frozen=True)
class Asked:
    """A clarifying question and the customer's answer."""

    seq: int
    at: int
    question_id: str
    reveals: tuple[str, ...]
    answer: str
    relevant: bool = True  # False: the question did not fit the order (noise)


@dataclass(frozen=True)
class Verification:
    """An identity check of the caller against the CRM."""

    seq: int
    at: int
    account: str
    contact_id: str | None
    verified: bool
    authorised: bool
    checked: tuple[str, ...] = ()  # details compared with the CRM (phone, postcode…)


@dataclass(frozen=True)
class FollowUp:
    """A recorded follow-up interaction."""

    id: str
    seq: int
    at: int
    channel: str
    who: str
    summary: str
    outcome: str
    next_action: str
    next_action_date: str | None


@dataclass(frozen=True)
class IssueRecord:
    """An entry in the issue log; later entries of the same ``thread`` add to it."""

    id: str
    thread: str
    seq: int
    at: int
    issue_type: str
    problem: str
    impact: str
    action: str
    resolution: str


@dataclass(frozen=True)
class Ack:
    """A warning acknowledged with a reason."""

    seq: int
    at: int
    key: str
    reason: str


@dataclass(frozen=True)
class Shown:
    """A warning the system showed the learner."""

    seq: int
    key: str
    code: str
    message: str
    clause: str
    ackable: bool


@dataclass(frozen=True)
class ReceivedEvent:
    """Something that happened on the simulated clock and reached the learner."""

    id: str
    seq: int
    at: int
    kind: str
    message: str
    needs_follow_up: bool
    sla_minutes: int
    clause: str
    key_facts: tuple[str, ...] = ()
    source: str = ""
    cause_seq: int | None = None


@dataclass(frozen=True)
class Pending:
    """Something scheduled to happen at sim minute ``due``."""

    due: int
    kind: str
    ref: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentLine:
    """One product line on a lifecycle document."""

    code: str
    name: str
    qty: int


@dataclass(frozen=True)
class Document:
    """A document the order's lifecycle produced (delivery note, credit note ...).

    ``at`` is the sim minute it was raised, ``cause_seq`` the action behind it and
    ``refers_to`` the sales-order number it belongs to.
    """

    number: str
    kind: str
    at: int
    lines: tuple[DocumentLine, ...]
    note: str = ""
    amount: str | None = None
    cause_seq: int | None = None
    refers_to: str = ""
    expected: str | None = None
    picked_at: int | None = None
    dispatched_at: int | None = None

"""The state of one learner's run: the order, the records and the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from portfolio.simulator.domain.engine.modes import RunMode
from portfolio.simulator.domain.engine.records import (
    Ack,
    Approval,
    Asked,
    Confirmation,
    Document,
    FollowUp,
    IssueRecord,
    LogEntry,
    Pending,
    ReceivedEvent,
    Shown,
    StockCheck,
    Verification,
)
from portfolio.simulator.domain.order.model import Order
from portfolio.simulator.domain.order.state_machine import TERMINAL, OrderState
from portfolio.simulator.domain.serial import from_plain, plain_dict

if TYPE_CHECKING:
    from portfolio.simulator.domain.company.model import Company
    from portfolio.simulator.domain.scenarios.model import Scenario


@dataclass(frozen=True)
class Supply:
    """What this run has changed about supply: delays, production dates, back-orders.

    ``incoming`` and ``mto`` map a product code to the day its purchase (or its
    production) now arrives; ``backorder`` to the (quantity, day) this run ordered in.
    """

    incoming: Mapping[str, int] = field(default_factory=dict)
    mto: Mapping[str, int] = field(default_factory=dict)
    backorder: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    short_done: tuple[str, ...] = ()
    courier_day: int = 0


@dataclass(frozen=True)
class RunState:
    """Everything about a run; JSON-safe through :meth:`to_dict`."""

    clock: int = 0
    order: Order = field(default_factory=Order)
    log: tuple[LogEntry, ...] = ()
    checks: tuple[StockCheck, ...] = ()
    approvals: tuple[Approval, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()
    questions: tuple[Asked, ...] = ()
    verifications: tuple[Verification, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    issues: tuple[IssueRecord, ...] = ()
    acks: tuple[Ack, ...] = ()
    shown: tuple[Shown, ...] = ()
    events: tuple[ReceivedEvent, ...] = ()
    pending: tuple[Pending, ...] = ()
    opened: tuple[str, ...] = ()
    submitted: Order | None = None
    submitted_seq: int | None = None
    submitted_at: int | None = None
    amended: bool = False
    allocated: Mapping[str, int] = field(default_factory=dict)
    shipped: Mapping[str, int] = field(default_factory=dict)
    delivered: Mapping[str, int] = field(default_factory=dict)
    supply: Supply = field(default_factory=Supply)
    mode: RunMode = RunMode.PRACTICE
    returns: tuple[tuple[str, str, int, int | None], ...] = ()
    documents: tuple[Document, ...] = ()

    @property
    def finished(self) -> bool:
        """Whether the order is closed or cancelled."""
        return self.order.state in TERMINAL

    @property
    def state(self) -> OrderState:
        """The order's state."""
        return self.order.state

    def revealed(self) -> set[str]:
        """Fact kinds the customer has revealed through questions."""
        return {k for q in self.questions for k in q.reveals}

    def threads(self) -> dict[str, list[IssueRecord]]:
        """Issue log entries grouped by issue."""
        out: dict[str, list[IssueRecord]] = {}
        for rec in self.issues:
            out.setdefault(rec.thread, []).append(rec)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return plain_dict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RunState:
        """Rebuild from :meth:`to_dict` output."""
        return from_plain(cls, d)


def new_run(
    company: Company, scenario: Scenario, mode: RunMode = RunMode.PRACTICE
) -> RunState:
    """A fresh run: the brief has arrived and nothing has been done yet."""
    return RunState(mode=RunMode(mode))


class Changes(TypedDict, total=False):
    """The fields of :class:`RunState` that :func:`evolve` may change."""

    clock: int
    order: Order
    log: tuple[LogEntry, ...]
    checks: tuple[StockCheck, ...]
    approvals: tuple[Approval, ...]
    confirmations: tuple[Confirmation, ...]
    questions: tuple[Asked, ...]
    verifications: tuple[Verification, ...]
    follow_ups: tuple[FollowUp, ...]
    issues: tuple[IssueRecord, ...]
    acks: tuple[Ack, ...]
    shown: tuple[Shown, ...]
    events: tuple[ReceivedEvent, ...]
    pending: tuple[Pending, ...]
    opened: tuple[str, ...]
    submitted: Order | None
    submitted_seq: int | None
    submitted_at: int | None
    amended: bool
    allocated: Mapping[str, int]
    shipped: Mapping[str, int]
    delivered: Mapping[str, int]
    supply: Supply
    mode: RunMode
    returns: tuple[tuple[str, str, int, int | None], ...]
    documents: tuple[Document, ...]


def evolve(st: RunState, **changes: Unpack[Changes]) -> RunState:
    """``dataclasses.replace`` for the run state without re-running ``__init__``.

    The keyword arguments are type-checked against :class:`Changes`, which lists
    exactly the dataclass's fields (a unit test holds the two together).
    """
    new = object.__new__(RunState)
    new.__dict__.update(st.__dict__)
    new.__dict__.update(changes)
    return new

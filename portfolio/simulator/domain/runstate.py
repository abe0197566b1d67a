"""The state of one learner's run: the order, the records and the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from portfolio.simulator.domain.machine import TERMINAL, OrderState
from portfolio.simulator.domain.order import Order
from portfolio.simulator.domain.records import (
    Ack,
    Approval,
    Asked,
    Confirmation,
    FollowUp,
    IssueRecord,
    LogEntry,
    Pending,
    ReceivedEvent,
    Shown,
    StockCheck,
    Verification,
)
from portfolio.simulator.domain.serial import from_plain, to_plain

if TYPE_CHECKING:
    from portfolio.simulator.domain.company import Company
    from portfolio.simulator.domain.scenario import Scenario


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
    supply: Mapping[str, Any] = field(default_factory=dict)

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
        return to_plain(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RunState:
        """Rebuild from :meth:`to_dict` output."""
        return from_plain(cls, d)


def new_run(company: Company, scenario: Scenario) -> RunState:
    """A fresh run: the brief has arrived and nothing has been done yet."""
    return RunState()


_FIELDS = frozenset(f.name for f in fields(RunState))


def evolve(st: RunState, **changes: Any) -> RunState:
    """``dataclasses.replace`` for the run state without re-running ``__init__``."""
    assert changes.keys() <= _FIELDS, set(changes) - _FIELDS
    new = object.__new__(RunState)
    new.__dict__.update(st.__dict__)
    new.__dict__.update(changes)
    return new

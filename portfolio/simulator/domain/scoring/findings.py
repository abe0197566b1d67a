"""Findings, marking-point results and the score of a run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio.simulator.domain.clock import at, clock_text
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import LogEntry
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.scoring.instead import instead_for
from portfolio.simulator.domain.serial import to_plain

CRITERIA = {
    "MP1": "Accurate entry of customer and order details into the system without "
    "errors",
    "MP2": "Confirms order details with the customer before finalising the order",
    "MP3": "Clear documentation of issues encountered and actions taken during "
    "follow-up",
    "MP4": "Follows organisational procedures for order processing, including "
    "obtaining "
    "necessary approvals",
}
MISTAKES = {
    "M1": (
        "Failing to verify stock availability before confirming the order",
        (
            "MP4.stock-before-confirm",
            "MP4.stock-unchecked-submit",
            "MP4.shortage-ignored",
        ),
    ),
    "M2": (
        "Entering incorrect customer details or product codes",
        (
            "MP1.customer-account",
            "MP1.contact",
            "MP1.delivery-address",
            "MP1.line-missing",
            "MP1.line-extra",
            "MP1.wrong-details-confirmed",
        ),
    ),
    "M3": (
        "Neglecting to follow up on delayed or incomplete orders",
        ("MP3.follow-up-missing", "MP3.follow-up-late", "MP3.next-action-overdue"),
    ),
    "M4": (
        "Not keeping clear records of follow-up interactions",
        ("MP3.follow-up-incomplete", "MP3.interaction-unrecorded"),
    ),
}
RULE_MISTAKE = {rule: m for m, (_, rules) in MISTAKES.items() for rule in rules}


@dataclass(frozen=True)
class Finding:
    """One scoring finding: the rule, what happened, when, and the policy clause."""

    rule: str
    criterion: str
    severity: str
    message: str
    seq: int | None = None
    sim_time: int | None = None
    at: str | None = None
    clause: str | None = None
    mistake: str | None = None
    instead: str = ""


@dataclass(frozen=True)
class CriterionResult:
    """A marking point: met when none of its findings is a failure."""

    code: str
    title: str
    met: bool
    findings: tuple[Finding, ...]
    earned_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class Score:
    """The scored run."""

    criteria: tuple[CriterionResult, ...]
    mistakes: dict[str, bool]
    refused_actions: int
    mode: str = "practice"

    @property
    def earned_by(self) -> Mapping[str, tuple[int, ...]]:
        """For each met marking point, the seqs of the actions that earned it."""
        return {c.code: c.earned_by for c in self.criteria if c.met}

    @property
    def competent(self) -> bool:
        """All four marking points met."""
        return all(c.met for c in self.criteria)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for storage and the debrief."""
        found = [f for c in self.criteria for f in c.findings]
        return {
            "competent": self.competent,
            "refused_actions": self.refused_actions,
            "mode": self.mode,
            "earned_by": {k: list(v) for k, v in self.earned_by.items()},
            "criteria": {
                c.code: {
                    "title": c.title,
                    "met": c.met,
                    "earned_by": list(c.earned_by) if c.met else [],
                    "findings": [to_plain(f) for f in c.findings],
                }
                for c in self.criteria
            },
            "common_mistakes": {
                m: {
                    "title": title,
                    "detected": self.mistakes[m],
                    "rules": sorted({f.rule for f in found if f.mistake == m}),
                }
                for m, (title, _) in MISTAKES.items()
            },
        }


class Findings:
    """Collects findings while the checks run."""

    def __init__(self, ctx: Ctx, st: RunState) -> None:
        """Start with no findings for the run ``st`` in ``ctx``."""
        self.ctx, self.st = ctx, st
        self.items: list[Finding] = []
        self.earned: dict[str, set[int]] = {}

    def earn(self, criterion: str, *seqs: int | None) -> None:
        """Credit actions ``seqs`` towards ``criterion`` (shown when it is met)."""
        self.earned.setdefault(criterion, set()).update(s for s in seqs if s)

    def add(
        self,
        rule: str,
        message: str,
        *,
        seq: int | None = None,
        clause_key: str | None = None,
        clause: str | None = None,
        advice: bool = False,
        time: int | None = None,
        instead: str | None = None,
    ) -> None:
        """Record a finding; the time comes from log entry ``seq`` if not given."""
        entry = self.entry(seq)
        when = time if time is not None else (entry.sim_time if entry else None)
        ref = clause or (self.ctx.policy.ref(clause_key) if clause_key else None)
        stamp = clock_text(at(self.ctx.start, when)) if when is not None else None
        self.items.append(
            Finding(
                rule,
                rule.split(".")[0],
                "advice" if advice else "fail",
                message,
                seq,
                when,
                stamp,
                ref,
                RULE_MISTAKE.get(rule),
                instead or instead_for(rule),
            )
        )

    def entry(self, seq: int | None) -> LogEntry | None:
        """The log entry with ``seq``."""
        if seq is None or not 0 < seq <= len(self.st.log):
            return None
        return self.st.log[seq - 1]

    def when(self, seq: int) -> str:
        """'action #n (time)' for messages."""
        entry = self.entry(seq)
        time = clock_text(at(self.ctx.start, entry.sim_time)) if entry else "?"
        return f"action #{seq} at {time}"

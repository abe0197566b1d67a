"""The learner's actions: what an action is, and parsing one against its kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portfolio.simulator.domain.engine.action_kinds import (
    ACTION_KINDS,
    KINDS,
    ActionKind,
)
from portfolio.simulator.domain.engine.params import parse_params
from portfolio.simulator.domain.engine.records import LogEntry
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.errors import ValidationError

__all__ = [
    "ACTION_KINDS",
    "KINDS",
    "Action",
    "ActionKind",
    "ActionResult",
    "action_catalogue",
    "parse",
]


@dataclass(frozen=True)
class Action:
    """A learner's action: a kind and its parameters."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionResult:
    """The new state and the log entry the action produced."""

    state: RunState
    entry: LogEntry


def parse(action: Action) -> tuple[ActionKind, dict[str, Any]]:
    """The kind and its validated parameters; raise ValidationError when malformed."""
    spec = ACTION_KINDS.get(action.kind) if isinstance(action.kind, str) else None
    if spec is None:
        raise ValidationError(f"unknown action {action.kind!r}", "kind")
    return spec, parse_params(spec.params, action.params)


def action_catalogue() -> list[dict[str, Any]]:
    """Every action kind with its parameters, as JSON-safe data for forms."""
    return [
        {
            "kind": k.kind,
            "label": k.label,
            "help": k.help,
            "minutes": k.minutes,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "help": p.help,
                    "choices": list(p.choices),
                }
                for p in k.params
            ],
        }
        for k in KINDS
    ]

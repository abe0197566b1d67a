"""Events reaching the learner, and follow-up time limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portfolio.simulator.domain.context import Ctx
from portfolio.simulator.domain.records import ReceivedEvent
from portfolio.simulator.domain.runstate import RunState
from portfolio.simulator.domain.scenario import ScenarioType

Seen = list[dict[str, Any]]


def receive(
    st: RunState,
    seq: int,
    at: int,
    kind: str,
    message: str,
    follow: bool,
    sla: int,
    clause: str,
    keys: tuple[str, ...],
    source: str,
    seen: Seen,
) -> RunState:
    """Record an event reaching the learner."""
    ev = ReceivedEvent(
        f"R{len(st.events) + 1}",
        seq,
        at,
        kind,
        message,
        follow,
        sla,
        clause,
        keys,
        source,
    )
    seen.append(
        {
            "kind": kind,
            "at": at,
            "event_id": ev.id,
            "message": message,
            "needs_follow_up": follow,
        }
    )
    return replace(st, events=st.events + (ev,))


def sla(ctx: Ctx, name: str) -> int:
    """A follow-up time limit in minutes (urgent orders use the urgent limit)."""
    hours = "urgent_hours" if ctx.scenario.type is ScenarioType.URGENT else name
    return ctx.policy.integer("follow_up_sla", hours) * 60

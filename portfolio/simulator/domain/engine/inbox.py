"""Events reaching the learner, and follow-up time limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import Pending, ReceivedEvent
from portfolio.simulator.domain.engine.run_state import RunState, evolve

Seen = list[dict[str, Any]]


def receive(st: RunState, seq: int, seen: Seen, draft: ReceivedEvent) -> RunState:
    """Record an event reaching the learner (``draft.id`` and ``seq`` are assigned)."""
    # The inbox reads in time order: nothing arrives before what already has.
    latest = st.events[-1].at if st.events else draft.at
    ev = replace(draft, id=f"R{len(st.events) + 1}", seq=seq, at=max(draft.at, latest))
    seen.append(
        {
            "kind": ev.kind,
            "at": ev.at,
            "event_id": ev.id,
            "message": ev.message,
            "needs_follow_up": ev.needs_follow_up,
            "cause_seq": ev.cause_seq,
        }
    )
    pending = st.pending
    if ev.needs_follow_up and ev.sla_minutes:
        chase = Pending(ev.at + ev.sla_minutes, "chase", ev.id, {"stage": 1})
        pending = pending + (chase,)
    return evolve(st, events=st.events + (ev,), pending=pending)


def notice(
    at: int,
    kind: str,
    message: str,
    *,
    follow: bool = False,
    sla: int = 0,
    clause: str = "",
    keys: tuple[str, ...] = (),
    source: str = "",
    cause_seq: int | None = None,
) -> ReceivedEvent:
    """An event to pass to :func:`receive`."""
    return ReceivedEvent(
        "", 0, at, kind, message, follow, sla, clause, keys, source, cause_seq
    )


def sla(ctx: Ctx, name: str) -> int:
    """A follow-up time limit in minutes (urgent orders use the urgent limit)."""
    hours = "urgent_hours" if ctx.scenario.type is OrderType.URGENT else name
    return ctx.policy.integer("follow_up_sla", hours) * 60

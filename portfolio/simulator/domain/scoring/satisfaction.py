"""Customer satisfaction per run, driven by what the customer experienced."""

from __future__ import annotations

from typing import Any

from portfolio.simulator.domain.engine.run_state import RunState

PENALTIES = {
    "late_delivery": ("speed", 20),
    "partial_delivery": ("speed", 10),
    "customer_chaser": ("communication", 20),
    "complaint": ("communication", 30),
    "cancellation_risk": ("communication", 30),
    "customer_cancelled": ("speed", 60),
    "wrong_goods_returned": ("accuracy", 40),
    "sales_admin_hold": ("speed", 40),
    "data_protection_incident": ("accuracy", 30),
}
# Delays the customer was told about promptly cost nothing.
TOLD_OK = frozenset({"late_delivery", "partial_delivery"})
BANDS = ((90, "delighted"), (70, "satisfied"), (40, "disappointed"), (0, "lost"))


def satisfaction(st: RunState) -> dict[str, Any]:
    """Speed, accuracy and communication (0-100 each), their mean and a band."""
    parts = {"speed": 100, "accuracy": 100, "communication": 100}
    for ev in st.events:
        hit = PENALTIES.get(ev.kind)
        # Told in time: a follow-up within the event's limit (a reply only after
        # the customer chased does not undo the wait).
        limit = ev.sla_minutes or 24 * 60
        told = any(0 <= f.at - ev.at <= limit for f in st.follow_ups)
        if hit and not (ev.kind in TOLD_OK and told):
            parts[hit[0]] = max(0, parts[hit[0]] - hit[1])
    corrected = sum(1 for c in st.confirmations if c.planned_differences)
    parts["accuracy"] = max(0, parts["accuracy"] - 10 * corrected)
    overall = round(sum(parts.values()) / 3)
    band = next(name for floor, name in BANDS if overall >= floor)
    return {**parts, "overall": overall, "band": band}


def consequences(st: RunState) -> list[dict[str, Any]]:
    """Cause -> consequence pairs: each event linked to the action behind it."""
    by_seq = {e.seq: e for e in st.log}
    return [
        {
            "cause_seq": ev.cause_seq,
            "cause_kind": by_seq[ev.cause_seq].kind if ev.cause_seq in by_seq else "",
            "consequence": ev.kind,
            "event_id": ev.id,
            "at": ev.at,
            "message": ev.message,
        }
        for ev in st.events
        if ev.cause_seq is not None
    ]

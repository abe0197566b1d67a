"""Flash messages for the workspace: what an action did, or why a form was refused."""

from __future__ import annotations

from portfolio.simulator import domain as engine

OUTCOME_TEXT_KEYS = ("message", "reply_text", "answer", "decision_message")


def entry_messages(entry: engine.LogEntry) -> list[tuple[str, str]]:
    """Flash messages for an action: what happened, or why it was refused."""
    kinds = engine.ACTION_KINDS
    label = kinds[entry.kind].label if entry.kind in kinds else entry.kind
    if not entry.accepted:
        return [("error", f"{label}: not done. " + " ".join(entry.reasons))]
    out = [("success", f"{label}: done.")]
    outcome = entry.outcome or {}
    for key in OUTCOME_TEXT_KEYS:
        if isinstance(outcome.get(key), str) and outcome[key]:
            out.append(("info", outcome[key]))
            break
    out += [("warning", w) for w in entry.warnings]
    return out

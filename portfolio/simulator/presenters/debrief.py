"""The debrief page: what earned each point, what to do instead, what followed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio.simulator import domain as engine
from portfolio.simulator.domain.scoring.answer_key.model_answer import pair_lines
from portfolio.simulator.presenters.documents import document_views
from portfolio.simulator.presenters.workspace import option_labels
from portfolio.simulator.services import Debrief
from portfolio.simulator.services.learner_view import (
    order_view,
    sim_clock,
    submitted_view,
)

MODES = {"assessment": "Assessment", "practice": "Practice"}
CONSEQUENCES = {
    "late_delivery": "The delivery arrived late",
    "partial_delivery": "Only part of the order arrived",
    "customer_chaser": "The customer chased for news",
    "complaint": "The customer complained",
    "cancellation_risk": "The customer threatened to cancel",
    "customer_cancelled": "The customer cancelled",
    "wrong_goods_returned": "Wrong goods were sent back",
    "sales_admin_hold": "Sales admin held the order",
    "data_protection_incident": "Account details went to the wrong person",
}
BANDS = {
    "delighted": "Delighted",
    "satisfied": "Satisfied",
    "disappointed": "Disappointed",
    "lost": "Lost (the customer will go elsewhere)",
}


@dataclass(frozen=True)
class TimelineRow:
    """One action on the debrief timeline, in plain words at its simulated time."""

    seq: int
    when: str
    kind: str
    text: str
    accepted: bool
    reasons: tuple[str, ...]


def kind_label(kind: str) -> str:
    """The plain label of an action kind ("search_crm" -> "Search the CRM")."""
    spec = engine.ACTION_KINDS.get(kind)
    return spec.label if spec else kind.replace("_", " ").capitalize()


def describe(entry: engine.LogEntry, company: engine.Company) -> str:
    """What an action did, in a few plain words."""
    p: Mapping[str, Any] = entry.params
    label = kind_label(entry.kind)
    customer = company.customer(p.get("account")) if p.get("account") else None
    detail = {
        "search_crm": f"for “{p.get('query', '')}”",
        "search_catalogue": f"for “{p.get('query') or p.get('category') or 'all'}”",
        "open_customer": customer.company if customer else "",
        "set_order_header": customer.company if customer else "",
        "view_product": str(p.get("code", "")),
        "add_line": f"{p.get('code', '')} × {p.get('qty', '')}",
        "update_line": f"line {p.get('line_id', '')}",
        "remove_line": f"line {p.get('line_id', '')}",
        "check_stock": f"line {p.get('line_id', '')}",
        "send_confirmation": f"by {p.get('channel', '')}" if p.get("channel") else "",
        "advance_time": "until something happened"
        if p.get("next_event")
        else (f"{p.get('minutes')} minutes" if p.get("minutes") else ""),
    }.get(entry.kind, "")
    question = company.question(p["question_id"]) if p.get("question_id") else None
    if question is not None:
        detail = f"“{question.text}”"
    return f"{label}: {detail}" if detail else label


def _criteria(
    score: Mapping[str, Any], rows: Mapping[int, TimelineRow]
) -> list[dict[str, Any]]:
    """Each marking point with what earned it or what was missing."""
    out = []
    for code, c in score.get("criteria", {}).items():
        earned = [rows[s] for s in c.get("earned_by", []) if s in rows]
        fails = [f for f in c.get("findings", []) if f.get("severity") == "fail"]
        out.append(
            {
                "code": code,
                "title": c.get("title", ""),
                "met": bool(c.get("met")),
                "earned": earned,
                "findings": c.get("findings", []),
                "missing": fails,
            }
        )
    return out


def _consequences(debrief: Debrief, rows: Mapping[int, TimelineRow]) -> list[Any]:
    """Cause -> what happened to the customer, each at its simulated time."""
    scenario = debrief.loaded.scenario
    return [
        {
            "cause": rows.get(c["cause_seq"]),
            "what": CONSEQUENCES.get(c["consequence"], kind_label(c["consequence"])),
            "message": c.get("message", ""),
            "when": sim_clock(scenario, c.get("at")),
        }
        for c in debrief.consequences
    ]


def _line_pairs(debrief: Debrief) -> list[tuple[Any, Any]]:
    """The learner's lines beside the model answer's, paired whatever their order."""
    loaded = debrief.loaded
    mine = submitted_view(loaded) or order_view(
        loaded.company, loaded.state, loaded.scenario
    )
    return pair_lines(mine["lines"], debrief.model_answer["lines"])


def debrief_context(debrief: Debrief) -> dict[str, Any]:
    """Everything the debrief template shows besides the forms."""
    loaded = debrief.loaded
    rows = {
        e.seq: TimelineRow(
            seq=e.seq,
            when=sim_clock(loaded.scenario, e.sim_time),
            kind=e.kind,
            text=describe(e, loaded.company),
            accepted=e.accepted,
            reasons=e.reasons,
        )
        for e in loaded.state.log
    }
    criteria = _criteria(debrief.score, rows)
    instead = [
        f for c in criteria for f in c["missing"] if f.get("instead")
    ]  # one "what to do instead" per failed check
    mood = debrief.satisfaction
    return {
        "run": debrief.run,
        "mode": MODES.get(debrief.mode, debrief.mode.capitalize()),
        "score": debrief.score,
        "criteria": criteria,
        "instead": list({f["instead"]: f for f in instead}.values()),
        "consequences": _consequences(debrief, rows),
        "satisfaction": {**mood, "band_text": BANDS.get(mood.get("band", ""), "")},
        "kpis": debrief.kpis,
        "model_answer": debrief.model_answer,
        "order": order_view(loaded.company, loaded.state, loaded.scenario),
        "submitted": submitted_view(loaded),
        "line_pairs": _line_pairs(debrief),
        "timeline": list(rows.values()),
        "option_labels": option_labels(loaded.company),
        "documents": document_views(loaded.scenario, loaded.state),
    }

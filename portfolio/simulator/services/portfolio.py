"""What a finished run gives the portfolio: its documents, and the mark it was added.

The evidence feature calls these when a learner adds a run to their portfolio; the
simulator itself imports nothing from evidence.
"""

from __future__ import annotations

import json
from typing import Any

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError
from portfolio.simulator.domain.engine.documents import TITLES
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.learner_view import (
    View,
    learner_view,
    sim_clock,
    submitted_view,
)
from portfolio.simulator.services.runs import get_own_run
from portfolio.simulator.services.stored import LoadedRun, load_run

ADDRESS_PARTS = ("line1", "line2", "town", "county", "postcode")


def _own_finished_run(session: Session, run_id: int, actor: User) -> SimulationRun:
    """The actor's own run, which must have finished."""
    run = get_own_run(session, run_id, actor=actor)
    if run.status != "finished":
        raise ConflictError("Finish the scenario before adding it to your portfolio.")
    return run


def run_documents(session: Session, run_id: int, *, actor: User) -> dict[str, Any]:
    """A finished run's order form, confirmation email and follow-up record as data.

    The shape is what ``evidence.services.create_simulator_work_products`` takes.
    """
    run = _own_finished_run(session, run_id, actor)
    loaded = load_run(session, run)
    view = learner_view(loaded)
    order = submitted_view(loaded) or view["order"]
    score = json.loads(run.score or "{}")
    met = [code for code, c in score.get("criteria", {}).items() if c.get("met")]
    docs = [
        order_form_document(run, order),
        confirmation_document(view),
        follow_up_document(view),
        *lifecycle_documents(loaded),
    ]
    return {
        "order_type": run.scenario_type,
        "score": score,
        "criteria": met,
        "documents": [d for d in docs if d is not None],
    }


def mark_run_in_portfolio(
    session: Session, run_id: int, *, actor: User
) -> SimulationRun:
    """Record that the actor added their finished run to the portfolio (once)."""
    run = _own_finished_run(session, run_id, actor)
    if run.in_portfolio_at is None:
        run.in_portfolio_at = utcnow()
        session.flush()
    return run


def order_form_document(run: SimulationRun, order: View) -> View:
    """The completed order form as an evidence document."""
    delivery = order.get("delivery") or {}
    contact = order.get("contact") or {}
    customer = order.get("customer") or {}
    return {
        "kind": "order_form",
        "title": f"Completed order form, scenario {run.id}",
        "data": {
            "order_ref": f"SO-{run.id:05d}",
            "customer": {
                "account": order.get("account"),
                "name": customer.get("company", ""),
            },
            "contact": {k: contact.get(k, "") for k in ("name", "email", "phone")},
            "delivery_address": [
                delivery.get(k) for k in ADDRESS_PARTS if delivery.get(k)
            ],
            "customer_ref": order.get("customer_ref", ""),
            "requested_date": order.get("requested_date"),
            "instructions": order.get("instructions", ""),
            "lines": [_document_line(ln) for ln in order["lines"]],
            "totals": order["totals"],
        },
    }


def _document_line(line: View) -> View:
    """One order line as the order form shows it."""
    keys = ("code", "description", "qty", "unit_price", "discount_pct", "line_total")
    return {k: line[k] for k in keys}


def confirmation_document(view: View) -> View | None:
    """The last confirmation sent and the customer's reply."""
    if not view["confirmations"]:
        return None
    conf = view["confirmations"][-1]
    to = conf["content"].get("to", {})
    return {
        "kind": "confirmation_email",
        "title": f"Order confirmation (revision {conf['revision']})",
        "data": {
            "to": f"{to.get('name', '')} <{to.get('email', '')}>",
            "subject": "Please confirm your order",
            "body": conf["content"].get("text", ""),
            "sent_at": conf["sent"],
            "customer_reply": conf["reply_text"] or conf["reply"],
        },
    }


def follow_up_document(view: View) -> View | None:
    """The follow-up log and issue records, when there are any."""
    if not view["follow_ups"] and not view["issues"]:
        return None
    follow_keys = ("channel", "who", "summary", "outcome", "next_action_date")
    issue_keys = ("problem", "impact", "action", "resolution")
    return {
        "kind": "follow_up_record",
        "title": "Follow-up and issue record",
        "data": {
            "follow_ups": [
                {"at": f["when"], **{k: f[k] for k in follow_keys}}
                for f in view["follow_ups"]
            ],
            "issues": [{k: i[k] for k in issue_keys} for i in view["issues"]],
        },
    }


# What each lifecycle document shows towards the marking points.
LIFECYCLE_CRITERIA: dict[str, tuple[str, ...]] = {
    "delivery_note": ("MP1", "MP3"),
    "backorder": ("MP3",),
    "deposit_request": ("MP4",),
    "credit_note": ("MP3",),
    "returns_authorisation": ("MP3",),
}


def lifecycle_documents(loaded: LoadedRun) -> list[View]:
    """Delivery notes, backorders, deposit requests, credits and returns as evidence.

    Each carries the marking points it can show (``criteria``), so the evidence
    feature can pre-map it.
    """
    scenario, state = loaded.scenario, loaded.state
    out = []
    for doc in state.documents:
        out.append(
            {
                "kind": doc.kind,
                "title": f"{TITLES[doc.kind]} {doc.number}",
                "criteria": list(LIFECYCLE_CRITERIA[doc.kind]),
                "data": {
                    "number": doc.number,
                    "order_ref": doc.refers_to,
                    "issued": sim_clock(scenario, doc.at),
                    "lines": [
                        {"code": x.code, "description": x.name, "qty": x.qty}
                        for x in doc.lines
                    ],
                    "picked": sim_clock(scenario, doc.picked_at),
                    "dispatched": sim_clock(scenario, doc.dispatched_at),
                    "expected": doc.expected,
                    "amount": doc.amount,
                    "note": doc.note,
                },
            }
        )
    return out

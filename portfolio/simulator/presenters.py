"""Turn engine state into plain dicts for the workspace, the API and evidence."""

from __future__ import annotations

import json
from typing import Any

from portfolio.simulator import domain as engine
from portfolio.simulator.domain.clock import at, clock_text, parse_start
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.order.state_machine import STATE_LABELS
from portfolio.simulator.domain.order.model import line_net, totals
from portfolio.simulator.domain.serial import to_plain
from portfolio.simulator.domain.engine.stock import current_check

LOOKUP_KINDS = ("search_crm", "open_customer", "search_catalogue", "view_product")


def sim_clock(scenario: Any, minutes: int | None) -> str:
    """The simulated wall-clock time, e.g. ``Tue 13 Jan 10:42``."""
    if minutes is None:
        return ""
    return clock_text(at(parse_start(scenario.start), minutes))


def _latest_outcomes(state: Any) -> dict[str, dict[str, Any]]:
    """The newest accepted outcome of each look-up kind (what the panels show)."""
    out: dict[str, dict[str, Any]] = {}
    for entry in reversed(state.log):
        if entry.accepted and entry.kind in LOOKUP_KINDS and entry.kind not in out:
            out[entry.kind] = {**entry.outcome, "params": dict(entry.params)}
    return out


def order_view(company: Any, state: Any, scenario: Any = None) -> dict[str, Any]:
    """The order as entered, with per-line values, stock checks and totals."""
    order = state.order
    customer = company.customer(order.account) if order.account else None
    latest = {c.line_id: c for c in state.checks}
    ctx = Ctx(company, scenario) if scenario is not None else None
    lines = []
    for line in order.lines:
        product = company.product(line.code)
        check = latest.get(line.line_id)
        current = (
            current_check(ctx, state, order, line, now=state.clock) if ctx else None
        )
        lines.append(
            {
                **to_plain(line),
                "description": product.name if product else "Unknown product code",
                "known": product is not None,
                "line_total": str(line_net(line)),
                "check": to_plain(check) if check else None,
                "check_current": current is not None,
            }
        )
    sums = totals(company, order.lines)
    return {
        **to_plain(order),
        "state": str(order.state),
        "state_label": STATE_LABELS.get(order.state, str(order.state)),
        "customer": to_plain(customer) if customer else None,
        "contact": to_plain(customer.contact(order.contact_id)) if customer else None,
        "lines": lines,
        "totals": {
            "net": str(sums.net),
            "vat": str(sums.vat),
            "gross": str(sums.gross),
        },
    }


def learner_view(loaded: Any) -> dict[str, Any]:
    """Everything the learner may see of a run (never the hidden truth)."""
    company, scenario, state = loaded.company, loaded.scenario, loaded.state
    questions = {q.id: q for q in company.questions}
    return {
        "brief": {
            **to_plain(scenario.brief),
            "received": clock_text(parse_start(scenario.brief.received_at)),
        },
        "scenario": {
            "type": scenario.type.value,
            "difficulty": scenario.difficulty.value,
        },
        "clock": {"minutes": state.clock, "text": sim_clock(scenario, state.clock)},
        "order": order_view(company, state, scenario),
        "conversation": [
            {
                **to_plain(q),
                "question": questions[q.question_id].text
                if q.question_id in questions
                else q.question_id,
                "when": sim_clock(scenario, q.at),
            }
            for q in state.questions
        ],
        "verifications": [to_plain(v) for v in state.verifications],
        "approvals": [_public_approval(a, scenario) for a in state.approvals],
        "confirmations": [
            _public_confirmation(c, scenario) for c in state.confirmations
        ],
        "events": [
            {**to_plain(e), "when": sim_clock(scenario, e.at)} for e in state.events
        ],
        "follow_ups": [
            {**to_plain(f), "when": sim_clock(scenario, f.at)} for f in state.follow_ups
        ],
        "issues": [
            {**to_plain(i), "when": sim_clock(scenario, i.at)} for i in state.issues
        ],
        "warnings": engine.current_warning_list(company, scenario, state),
        "lookups": _latest_outcomes(state),
        "brief_read": any(e.kind == "read_brief" and e.accepted for e in state.log),
        "finished": state.finished,
    }


def _public_approval(approval: Any, scenario: Any) -> dict[str, Any]:
    """An approval as the learner sees it (the planned decision stays hidden)."""
    decided = approval.status != "pending"
    return {
        "id": approval.id,
        "type": approval.type,
        "role": approval.role,
        "justification": approval.justification,
        "clause": approval.clause,
        "status": approval.status,
        "message": approval.message if decided else "",
        "requested": sim_clock(scenario, approval.at),
        "decided": sim_clock(scenario, approval.decided_at),
    }


def _public_confirmation(conf: Any, scenario: Any) -> dict[str, Any]:
    """A sent confirmation and the reply, once it has arrived."""
    return {
        "id": conf.id,
        "channel": conf.channel,
        "revision": conf.revision,
        "content": to_plain(conf.content),
        "sent": sim_clock(scenario, conf.at),
        "reply": conf.reply,
        "reply_text": conf.reply_text,
        "replied": sim_clock(scenario, conf.replied_at),
    }


def action_options(loaded: Any) -> list[dict[str, Any]]:
    """Every action kind with whether it is allowed now and why not."""
    options = engine.available_actions(loaded.company, loaded.scenario, loaded.state)
    return [to_plain(o) for o in options]


def engine_entry_dict(entry: Any) -> dict[str, Any]:
    """A LogEntry from the engine as plain data."""
    return to_plain(entry)


def entry_dict(row: Any) -> dict[str, Any]:
    """A stored RunAction row as plain data."""
    return {
        "seq": row.seq,
        "sim_time": row.sim_time,
        "kind": row.kind,
        "params": json.loads(row.params),
        "accepted": row.accepted,
        "reasons": json.loads(row.reasons),
        "warnings": json.loads(row.warnings),
        "outcome": json.loads(row.outcome),
    }


OUTCOME_TEXT_KEYS = ("message", "reply_text", "answer", "decision_message")


def entry_messages(entry: Any) -> list[tuple[str, str]]:
    """Flash messages for an action: what happened, or why it was refused."""
    from portfolio.simulator.domain.engine.actions import ACTION_KINDS

    label = ACTION_KINDS[entry.kind].label if entry.kind in ACTION_KINDS else entry.kind
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


def submitted_view(loaded: Any) -> dict[str, Any] | None:
    """The order as submitted (what the debrief compares with the model answer)."""
    state = loaded.state
    if state.submitted is None:
        return None
    from dataclasses import replace

    return order_view(loaded.company, replace(state, order=state.submitted))


def product_view(product: Any) -> dict[str, Any] | None:
    """A catalogue product as plain data (stock is shown by stock checks)."""
    if product is None:
        return None
    shown = to_plain(product)
    shown.pop("stock", None)
    return shown


def order_form_document(run: Any, order: dict[str, Any]) -> dict[str, Any]:
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
                delivery.get(k)
                for k in ("line1", "line2", "town", "county", "postcode")
                if delivery.get(k)
            ],
            "customer_ref": order.get("customer_ref", ""),
            "requested_date": order.get("requested_date"),
            "instructions": order.get("instructions", ""),
            "lines": [
                {
                    "code": ln["code"],
                    "description": ln["description"],
                    "qty": ln["qty"],
                    "unit_price": ln["unit_price"],
                    "discount_pct": ln["discount_pct"],
                    "line_total": ln["line_total"],
                }
                for ln in order["lines"]
            ],
            "totals": order["totals"],
        },
    }


def confirmation_document(view: dict[str, Any]) -> dict[str, Any] | None:
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


def follow_up_document(view: dict[str, Any]) -> dict[str, Any] | None:
    """The follow-up log and issue records, when there are any."""
    if not view["follow_ups"] and not view["issues"]:
        return None
    return {
        "kind": "follow_up_record",
        "title": "Follow-up and issue record",
        "data": {
            "follow_ups": [
                {
                    "at": f["when"],
                    "channel": f["channel"],
                    "who": f["who"],
                    "summary": f["summary"],
                    "outcome": f["outcome"],
                    "next_action_date": f["next_action_date"],
                }
                for f in view["follow_ups"]
            ],
            "issues": [
                {
                    "problem": i["problem"],
                    "impact": i["impact"],
                    "action": i["action"],
                    "resolution": i["resolution"],
                }
                for i in view["issues"]
            ],
        },
    }

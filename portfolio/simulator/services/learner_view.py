"""What the learner may see of a run, as plain data (never the hidden truth).

The workspace, the JSON API and the portfolio documents all read a run through
these projections, so the three never disagree about what the learner saw.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from portfolio.simulator import domain as engine
from portfolio.simulator.domain.clock import at, clock_text, parse_start, uk_date
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.records import Approval, Confirmation
from portfolio.simulator.domain.engine.stock import current_check
from portfolio.simulator.domain.order.model import OrderLine, line_net, totals
from portfolio.simulator.domain.order.state_machine import STATE_LABELS
from portfolio.simulator.domain.serial import to_plain
from portfolio.simulator.services.stored import LoadedRun

LOOKUP_KINDS = ("search_crm", "open_customer", "search_catalogue", "view_product")
View = dict[str, Any]


def sim_clock(scenario: engine.Scenario, minutes: int | None) -> str:
    """The simulated wall-clock time, e.g. ``Tue 13 Jan 10:42``."""
    if minutes is None:
        return ""
    return clock_text(at(parse_start(scenario.start), minutes))


def _latest_outcomes(state: engine.RunState) -> dict[str, View]:
    """The newest accepted outcome of each look-up kind (what the panels show)."""
    out: dict[str, View] = {}
    for entry in reversed(state.log):
        if entry.accepted and entry.kind in LOOKUP_KINDS and entry.kind not in out:
            out[entry.kind] = {**entry.outcome, "params": dict(entry.params)}
    return out


def _line_view(
    company: engine.Company,
    state: engine.RunState,
    line: OrderLine,
    ctx: Ctx | None,
) -> View:
    """One order line with its product, value and stock check."""
    product = company.product(line.code)
    check = next((c for c in state.checks[::-1] if c.line_id == line.line_id), None)
    current = (
        current_check(ctx, state, state.order, line, now=state.clock) if ctx else None
    )
    line_plain: View = to_plain(line)
    return {
        **line_plain,
        "description": product.name if product else "Unknown product code",
        "known": product is not None,
        "line_total": str(line_net(line)),
        "check": to_plain(check) if check else None,
        "check_current": current is not None,
    }


def order_view(
    company: engine.Company,
    state: engine.RunState,
    scenario: engine.Scenario | None = None,
) -> View:
    """The order as entered, with per-line values, stock checks and totals."""
    order = state.order
    customer = company.customer(order.account) if order.account else None
    ctx = Ctx(company, scenario) if scenario is not None else None
    sums = totals(company, order.lines)
    order_plain: View = to_plain(order)
    return {
        **order_plain,
        "state": str(order.state),
        "state_label": STATE_LABELS.get(order.state, str(order.state)),
        "customer": to_plain(customer) if customer else None,
        "contact": to_plain(customer.contact(order.contact_id)) if customer else None,
        "lines": [_line_view(company, state, ln, ctx) for ln in order.lines],
        "totals": {
            "net": str(sums.net),
            "vat": str(sums.vat),
            "gross": str(sums.gross),
        },
    }


def learner_view(loaded: LoadedRun) -> View:
    """Everything the learner may see of a run (never the hidden truth)."""
    company, scenario, state = loaded.company, loaded.scenario, loaded.state
    brief: View = to_plain(scenario.brief)
    return {
        "brief": {**brief, "received": clock_text(parse_start(brief["received_at"]))},
        "scenario": {
            "type": scenario.type.value,
            "difficulty": scenario.difficulty.value,
        },
        "clock": {"minutes": state.clock, "text": sim_clock(scenario, state.clock)},
        "order": order_view(company, state, scenario),
        **_records(loaded),
        "warnings": engine.current_warning_list(company, scenario, state),
        "lookups": _latest_outcomes(state),
        "brief_read": any(e.kind == "read_brief" and e.accepted for e in state.log),
        "finished": state.finished,
        "timing": timing(loaded),
    }


def time_left(minutes: int) -> str:
    """A span of simulated time in words: "2 h 5 min left" or "45 min overdue"."""
    span = abs(minutes)
    days, rest = divmod(span, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours)
    text = " ".join(parts + [f"{mins} min"] * bool(mins or not parts))
    return f"{text} left" if minutes >= 0 else f"{text} overdue"


def timing(loaded: LoadedRun) -> View:
    """The clock against what is due: the cut-off, the delivery date, follow-ups."""
    scenario, state = loaded.scenario, loaded.state
    ctx, now = Ctx(loaded.company, scenario), state.clock
    due: list[View] = []
    if scenario.type.value == "urgent" and state.submitted is None:
        cutoff = ctx.minute(ctx.day(now), ctx.cutoff())
        due.append(
            _due(scenario, "Dispatch cut-off for same-day dispatch", cutoff, now)
        )
    for ev in state.events:
        answered = any(f.at >= ev.at for f in state.follow_ups)
        if ev.needs_follow_up and ev.sla_minutes and not answered:
            item = _due(
                scenario, f"Follow up: {ev.message}", ev.at + ev.sla_minutes, now
            )
            due.append({**item, "event_id": ev.id})
    when = state.order.requested_date
    days = (date.fromisoformat(when) - ctx.date(ctx.day(now))).days if when else None
    due.sort(key=lambda d: int(d["minutes_left"]))
    return {
        "now": sim_clock(scenario, now),
        "due": due,
        "delivery": uk_date(date.fromisoformat(when)) if when else "",
        "delivery_in": "" if days is None else _days_text(days),
        "next_due": next((d for d in due if d["minutes_left"] >= 0), None),
    }


def _due(scenario: engine.Scenario, what: str, minute: int, now: int) -> View:
    """One thing due at sim minute ``minute``, as the clock shows it."""
    return {
        "what": what,
        "at": sim_clock(scenario, minute),
        "minutes_left": minute - now,
        "left": time_left(minute - now),
    }


def _days_text(days: int) -> str:
    """Days from today to the delivery date, in words."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _records(loaded: LoadedRun) -> View:
    """The run's conversation, checks, approvals, confirmations, notes and events."""
    company, scenario, state = loaded.company, loaded.scenario, loaded.state
    questions = {q.id: q.text for q in company.questions}

    def timed(record: Any, **extra: Any) -> View:
        """A record as plain data with its simulated time."""
        return {**to_plain(record), **extra, "when": sim_clock(scenario, record.at)}

    return {
        "conversation": [
            timed(q, question=questions.get(q.question_id, q.question_id))
            for q in state.questions
        ],
        "verifications": [to_plain(v) for v in state.verifications],
        "approvals": [_public_approval(a, scenario) for a in state.approvals],
        "confirmations": [
            _public_confirmation(c, scenario) for c in state.confirmations
        ],
        "events": [timed(e) for e in state.events],
        "follow_ups": [timed(f) for f in state.follow_ups],
        "issues": [timed(i) for i in state.issues],
    }


def _public_approval(approval: Approval, scenario: engine.Scenario) -> View:
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


def _public_confirmation(conf: Confirmation, scenario: engine.Scenario) -> View:
    """A sent confirmation and the reply, once it has arrived."""
    return {
        "id": conf.id,
        "channel": conf.channel,
        "number": conf.number,
        "revision": conf.revision,
        "content": to_plain(conf.content),
        "sent": sim_clock(scenario, conf.at),
        "reply": conf.reply,
        "reply_text": conf.reply_text,
        "replied": sim_clock(scenario, conf.replied_at),
    }


def submitted_view(loaded: LoadedRun) -> View | None:
    """The order as submitted (what the debrief compares with the model answer)."""
    state = loaded.state
    if state.submitted is None:
        return None
    return order_view(loaded.company, replace(state, order=state.submitted))


def action_options(loaded: LoadedRun) -> list[View]:
    """Every action kind with whether it is allowed now and why not."""
    options = engine.available_actions(loaded.company, loaded.scenario, loaded.state)
    return [to_plain(o) for o in options]

"""MP3: clear documentation of issues and of follow-up, on time."""

from __future__ import annotations

from datetime import date

from portfolio.simulator.domain.clock import date_variants, end_of_day
from portfolio.simulator.domain.engine.records import (
    FollowUp,
    IssueRecord,
    ReceivedEvent,
)
from portfolio.simulator.domain.scenarios.model import RequiredIssue
from portfolio.simulator.domain.scoring.findings import Findings

EVENT_WORDS = {
    "supplier_delay": "supplier delay",
    "partial_delivery": "part delivery",
    "customer_query": "customer query",
    "late_delivery": "late delivery notice",
}


def check_follow_up(f: Findings) -> None:
    """Issues logged and complete; every event followed up in time; records complete."""
    _issues(f)
    for ev in f.st.events:
        if ev.needs_follow_up:
            _event(f, ev)
    _records(f)
    _next_actions(f)
    _amendments(f)
    if not f.st.finished and f.st.submitted is not None:
        f.add(
            "MP3.order-not-closed",
            "The order was not followed through to delivery and "
            "closure, so the follow-up is not complete.",
            clause_key="close",
        )
    elif not f.st.finished:
        f.add(
            "MP3.order-not-closed",
            "The order was neither submitted nor followed up to closure.",
            clause_key="close",
        )


def _issues(f: Findings) -> None:
    """A complete issue record for each complication that needs one."""
    st, sc = f.st, f.ctx.scenario
    happened = {e.source for e in st.events}
    post = {e.id for e in sc.events}
    minimum = f.ctx.policy.integer("issue_log", "min_chars")
    wanted = {req.issue_type for req in sc.truth.required_issues}
    for req in sc.truth.required_issues:
        event_ids = {
            e.id for e in sc.events if e.kind in _EVENT_OF.get(req.issue_type, ())
        }
        if event_ids & post and not event_ids & happened:
            continue
        if any(r.issue_type == req.issue_type for r in st.issues):
            continue
        described = [
            r
            for r in st.issues
            if r.issue_type not in wanted
            and describes(r, req.issue_type, _facts(f, req))
        ]
        if described:
            f.add(
                "MP3.issue-type",
                f"Issue {described[0].thread} describes the "
                f"{req.complication.replace('_', ' ')} but is filed as "
                f"{described[0].issue_type.replace('_', ' ')}; file it as "
                f"{req.issue_type.replace('_', ' ')} so it is found.",
                seq=described[0].seq,
                clause=req.clause,
                advice=True,
            )
            continue
        f.add(
            "MP3.issue-missing",
            f"No issue was logged describing the "
            f"{req.complication.replace('_', ' ')} "
            f"({req.issue_type.replace('_', ' ')}).",
            clause=req.clause,
        )
    for thread, recs in st.threads().items():
        gaps = [
            name
            for name in ("problem", "impact", "action")
            if not any(len(getattr(r, name).strip()) >= minimum for r in recs)
        ]
        if gaps:
            f.add(
                "MP3.issue-incomplete",
                f"Issue {thread} does not record the {' or '.join(gaps)} clearly.",
                seq=recs[0].seq,
                clause_key="issue_log",
            )


# Words that show a record is about a kind of problem, whatever type was picked.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "stock_shortage": ("short", "stock", "backorder", "back order", "part deliver"),
    "wrong_product_code": ("code", "wrong product", "discontinued", "replaced"),
    "ambiguous_requirement": ("unclear", "ambiguous", "clarif", "specification"),
    "address_change": ("address", "postcode"),
    "credit_hold": ("credit", "on stop", "over the limit", "overdue"),
    "discount_request": ("discount",),
    "unauthorised_caller": ("authoris", "authoriz", "identity", "verif"),
    "quantity_change": ("quantity", "amend"),
    "supplier_delay": (
        "delay",
        "late",
        "supplier",
        "courier",
        "breakdown",
        "broke down",
        "workshop",
        "production",
    ),
    "delivery_problem": ("deliver", "courier", "damaged", "short"),
    "customer_query": ("query", "question", "asked"),
}


def _facts(f: Findings, req: RequiredIssue) -> tuple[str, ...]:
    """Key facts of the complication an issue requirement is for."""
    facts = f.ctx.scenario.truth.complication(req.complication)
    return facts.key_facts if facts else ()


def describes(rec: IssueRecord, issue_type: str, facts: tuple[str, ...]) -> bool:
    """Whether an issue record describes a problem of ``issue_type``.

    It must say what kind of problem it was (a word of the topic) and, where the
    complication has key facts, name one of them (the product or the date).
    """
    text = " ".join((rec.problem, rec.impact, rec.action, rec.resolution)).casefold()
    if not any(w in text for w in TOPIC_WORDS.get(issue_type, ())):
        return False
    return not facts or any(mentions(text, k) for k in facts)


_EVENT_OF = {
    "supplier_delay": ("supplier_delay",),
    "delivery_problem": ("partial_delivery",),
    "customer_query": ("customer_query",),
}


def _after(f: Findings, ev: ReceivedEvent) -> list[FollowUp]:
    """Follow-ups logged after an event arrived."""
    return [x for x in f.st.follow_ups if x.seq > ev.seq]


def _event(f: Findings, ev: ReceivedEvent) -> None:
    """The event was followed up within its time limit, naming its key facts."""
    words = EVENT_WORDS.get(ev.kind, ev.kind)
    later = _after(f, ev)
    in_time = [x for x in later if x.at - ev.at <= ev.sla_minutes]
    if in_time:
        _specific(f, ev, in_time[0], words)
        return
    related = [
        x
        for x in later
        if not ev.key_facts or any(mentions(_text(x), k) for k in ev.key_facts)
    ]
    if related:
        f.add(
            "MP3.follow-up-late",
            f"The {words} was followed up "
            f"{related[0].at - ev.at} minutes after it arrived; the limit is "
            f"{ev.sla_minutes} minutes.",
            seq=related[0].seq,
            clause=ev.clause,
        )
        return
    f.add(
        "MP3.follow-up-missing",
        f"The {words} ({ev.message}) was never followed up with the customer.",
        seq=ev.seq,
        time=ev.at,
        clause=ev.clause,
    )


def _text(rec: FollowUp) -> str:
    """Everything a follow-up record says."""
    return " ".join((rec.summary, rec.outcome, rec.next_action))


def _specific(f: Findings, ev: ReceivedEvent, rec: FollowUp, words: str) -> None:
    """Advice when the follow-up does not name the event's key facts."""
    if ev.key_facts and not any(mentions(_text(rec), k) for k in ev.key_facts):
        f.add(
            "MP3.record-not-specific",
            f"The follow-up of the {words} does not name the "
            f"products, quantities or dates concerned ({', '.join(ev.key_facts)}).",
            seq=rec.seq,
            clause_key="follow_up_records",
            advice=True,
        )


def mentions(text: str, fact: str) -> bool:
    """Whether ``text`` mentions a key fact (dates in any usual form)."""
    folded = text.casefold()
    try:
        variants = date_variants(date.fromisoformat(fact))
    except ValueError:
        variants = (fact,)
    return any(v.casefold() in folded for v in variants)


def _records(f: Findings) -> None:
    """Every follow-up says who, what, the outcome and the next step."""
    minimum = f.ctx.policy.integer("follow_up_records", "min_chars")
    for rec in f.st.follow_ups:
        gaps = [
            name
            for name, ok in (
                ("who you spoke to", bool(rec.who.strip())),
                ("a clear summary", len(rec.summary.strip()) >= minimum),
                ("the outcome", bool(rec.outcome.strip())),
                (
                    "the next action",
                    bool(rec.next_action.strip() or rec.next_action_date),
                ),
            )
            if not ok
        ]
        if gaps:
            f.add(
                "MP3.follow-up-incomplete",
                f"Follow-up {rec.id} does not record {', '.join(gaps)}.",
                seq=rec.seq,
                clause_key="follow_up_records",
            )


# What a next action says -> the accepted actions that carry it out.
NEXT_ACTION_KINDS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("confirm",), frozenset({"send_confirmation"})),
    (("submit", "place the order", "process the order"), frozenset({"submit_order"})),
    (("stock",), frozenset({"check_stock"})),
    (("approv",), frozenset({"request_approval"})),
    (("hold",), frozenset({"put_on_hold"})),
    (("resume", "release"), frozenset({"resume"})),
    (("issue",), frozenset({"log_issue"})),
    (("close",), frozenset({"close_order"})),
)


def _next_actions(f: Findings) -> None:
    """Next actions were done by their date: a later follow-up or the action."""
    st, start = f.st, f.ctx.start
    for i, rec in enumerate(st.follow_ups):
        if not rec.next_action_date:
            continue
        deadline = end_of_day(start, date.fromisoformat(rec.next_action_date))
        if st.clock <= deadline:
            continue
        if any(x.at <= deadline for x in st.follow_ups[i + 1 :]):
            continue
        if next_action_done(f, rec, deadline):
            continue
        f.add(
            "MP3.next-action-overdue",
            f"The next action of follow-up {rec.id} "
            f"('{rec.next_action}', due {rec.next_action_date}) was not done "
            "by its date.",
            seq=rec.seq,
            clause_key="next_actions",
        )


def next_action_done(f: Findings, rec: FollowUp, deadline: int) -> bool:
    """Whether the log shows the follow-up's next action carried out by ``deadline``."""
    text = rec.next_action.casefold()
    kinds = {
        kind
        for words, group in NEXT_ACTION_KINDS
        if any(w in text for w in words)
        for kind in group
    }
    if not kinds:
        return False
    done = {
        e.kind
        for e in f.st.log
        if e.accepted and e.seq > rec.seq and e.sim_time <= deadline
    }
    return kinds <= done


def _amendments(f: Findings) -> None:
    """A change the customer asked for was recorded promptly."""
    st = f.st
    limit = f.ctx.policy.integer("customer_changes", "record_within_hours") * 60
    for conf in st.confirmations:
        if (
            conf.reply != "amended"
            or conf.replied_seq is None
            or conf.replied_at is None
        ):
            continue
        records: tuple[FollowUp | IssueRecord, ...] = (*st.follow_ups, *st.issues)
        recorded = [
            x
            for x in records
            if x.seq > conf.replied_seq and x.at <= conf.replied_at + limit
        ]
        if not recorded:
            f.add(
                "MP3.interaction-unrecorded",
                "The customer's change to the order (in reply "
                "to your confirmation) was not recorded as a follow-up or issue.",
                seq=conf.replied_seq,
                time=conf.replied_at,
                clause_key="customer_changes",
            )

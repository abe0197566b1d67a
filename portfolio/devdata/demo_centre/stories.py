"""The demo learners' stories, played through the services as the people would."""

from __future__ import annotations

from datetime import timedelta

from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.evidence import services as evidence

MPS = ("MP1", "MP2", "MP3", "MP4")
KS = ("K1", "K2", "K3", "K4", "K5")


def _item(
    session: Session,
    learner: User,
    codes: tuple[str, ...],
    title: str,
    *,
    kind: str = "reflection",
    order_type: str = "standard",
    days_ago: int = 20,
    submit: bool = True,
) -> int:
    """A learner's item mapped to ``codes`` (submitted unless ``submit`` is false)."""
    day = utcnow().date() - timedelta(days=days_ago)
    details = evidence.Details(title, day, "workplace", order_type)
    data = {
        "what_happened": f"{title}: the customer's order came in by e-mail.",
        "decision": "I checked the account and stock before confirming.",
        "procedure": "The order-processing procedure, sections 2 to 4.",
        "differently": "Confirm the delivery date in writing sooner.",
    }
    body = f"{title}. Observed at the sales desk; notes attached."
    reflection = kind == "reflection"
    item = evidence.create_item(
        session,
        actor=learner,
        kind=kind,
        details=details,
        data=data if reflection else None,
        body="" if reflection else body,
    )
    evidence.set_claims(
        session,
        item.id,
        {c: f"{title} shows {c}: see the account of what I did." for c in codes},
        actor=learner,
    )
    if submit:
        evidence.submit_item(session, item.id, actor=learner)
    return item.id


def _judge(session: Session, assessor: User, item_id: int, *, met: bool = True) -> int:
    """Accept every claimed criterion, or return the item with feedback."""
    item = evidence.load_item(session, item_id, actor=assessor)
    codes = [c.criterion.code for c in item.current.claims]
    verdict = "met" if met else "not_met"
    feedback = "" if met else "Say which approval the policy needed and who gave it."
    decision = assessment.judge_item(
        session,
        item_id,
        actor=assessor,
        rows=[(c, verdict, feedback) for c in codes],
        outcome="accept" if met else "return",
        actions="" if met else "Add the approval step and resubmit.",
        expected_version=item.version_id,
    )
    return decision.id


def _complete(session: Session, learner: User, assessor: User) -> list[int]:
    """Accepted evidence that meets every criterion and the range."""
    ids = [
        _item(session, learner, MPS + KS, "Standard order for a repeat customer"),
        _item(
            session,
            learner,
            MPS,
            "Observation of a bespoke desk order",
            kind="observation",
            order_type="bespoke",
        ),
        _item(session, learner, ("R3",), "Same-day urgent order", order_type="urgent"),
    ]
    return [_judge(session, assessor, i) for i in ids]


def _sample(session: Session, iqa: User, decision_id: int, action: str) -> None:
    """The IQA's verdict on a sampled decision."""
    row = next(
        s
        for s in assessment.sample_queue(session, actor=iqa, per_page=500)[0]
        if s.decision_id == decision_id
    )
    assessment.decide_sample(
        session,
        row.id,
        actor=iqa,
        action=action,
        feedback="Feedback is specific and matches the evidence."
        if action == "agree"
        else "MP4 needs the approval evidence: please look again.",
        expected_version=row.version_id,
    )


def play_story(
    session: Session, people: dict[str, User], learner: User, story: str
) -> None:
    """Play one learner's story through the services, as the people would."""
    assessor, iqa = people["assessor"], people["iqa"]
    if story == "waiting":
        _item(
            session, learner, ("K1", "K2"), "What I learnt about the CRM", days_ago=12
        )
        _item(session, learner, ("MP1",), "Order entry for a trade account", days_ago=3)
        _item(session, learner, ("K3",), "Product notes draft", submit=False)
    elif story == "resubmitted":
        first = _item(session, learner, ("MP4",), "Getting a discount approved")
        _judge(session, assessor, first, met=False)
        item = evidence.load_item(session, first, actor=learner)
        evidence.update_item(
            session,
            first,
            actor=learner,
            details=evidence.Details(
                item.current.title, item.current.evidence_date, "workplace", "standard"
            ),
            data={
                **item.current.structured,
                "procedure": "Policy 4.2: over 5% needs "
                "my supervisor's approval, which I asked for by e-mail.",
            },
            expected_version=item.version_id,
        )
        evidence.submit_item(session, first, actor=learner)
        _judge(session, assessor, _item(session, learner, ("K1",), "The sales process"))
    elif story in {"all_met", "signed_off", "sampled_agreed"}:
        decisions = _complete(session, learner, assessor)
        if story == "signed_off":
            assessment.assessor_sign_off(
                session, learner.id, actor=assessor, declared=True
            )
            assessment.learner_declare(session, actor=learner, declared=True)
        if story == "sampled_agreed":
            _sample(session, iqa, decisions[0], "agree")
            _sample(session, iqa, decisions[1], "agree")
    elif story == "sent_back":
        decision = _judge(
            session,
            people["assessor2"],
            _item(session, learner, MPS, "Credit hold call"),
        )
        _sample(session, iqa, decision, "send_back")
    elif story == "testimony_signed":
        _item(session, learner, ("K5",), "Data protection on the phone", days_ago=9)
        returned = _item(session, learner, ("MP4",), "Order over the credit limit")
        _judge(session, assessor, returned, met=False)


# Runs per story: (scenario type, seed, action kinds the learner forgets).
RUNS = {
    "waiting": (("standard", 201, frozenset({"send_confirmation"})),),
    "resubmitted": (
        ("urgent", 202, frozenset({"check_stock"})),
        ("bespoke", 203, frozenset()),
    ),
    "all_met": (("standard", 204, frozenset({"log_follow_up"})),),
    "sampled_agreed": (("bespoke", 205, frozenset({"request_approval"})),),
}


def play_runs(session: Session, learner: User, story: str) -> None:
    """Simulator runs where the learner skips some steps, so scores vary."""
    from portfolio.errors import DomainError
    from portfolio.simulator import domain as engine
    from portfolio.simulator import services as sim

    for scenario_type, seed, skipped in RUNS.get(story, ()):
        run = sim.start_run(
            session,
            actor=learner,
            scenario_type=scenario_type,
            difficulty="medium",
            seed=seed,
        )
        loaded = sim.load_run(session, run)
        for action in engine.perfect_actions(loaded.company, loaded.scenario):
            if action.kind in skipped:
                continue
            try:
                with session.begin_nested():
                    sim.take_action(
                        session,
                        run.id,
                        actor=learner,
                        kind=action.kind,
                        params=dict(action.params),
                    )
            except DomainError:
                continue

"""The demo learners' stories, played through the services as the people would."""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, timedelta
from typing import Any

from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.devdata.demo_centre.clock import DemoClock
from portfolio.evidence import services as evidence

MPS = ("MP1", "MP2", "MP3", "MP4")
KS = ("K1", "K2", "K3", "K4", "K5")

# A story yields how many days ago its next step happens, and runs it when resumed.
Steps = Generator[float, None, None]


def _item(
    session: Session,
    learner: User,
    codes: tuple[str, ...],
    title: str,
    *,
    kind: str = "reflection",
    order_type: str = "standard",
    today: date,
    submit: bool = True,
) -> int:
    """A learner's item mapped to ``codes`` (submitted unless ``submit`` is false).

    The evidence is dated the working day before it is written up.
    """
    day = today - timedelta(days=1)
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


def judge(session: Session, assessor: User, item_id: int, *, met: bool = True) -> int:
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


def _complete(
    session: Session, learner: User, assessor: User, clock: DemoClock, story: str
) -> Generator[float, None, list[int]]:
    """Accepted evidence that meets every criterion and the range, over weeks."""
    # Days earlier (or later, when negative) than the signed-off learner finished;
    # those awaiting sign-off finished most recently.
    late = {"signed_off": 0, "sampled_agreed": 6, "all_met": -24}[story]
    items = (
        (MPS + KS, "Standard order for a repeat customer", "reflection", "standard"),
        (MPS, "Observation of a bespoke desk order", "observation", "bespoke"),
        (("R3",), "Same-day urgent order", "reflection", "urgent"),
    )
    decisions = []
    for n, (codes, title, kind, order_type) in enumerate(items):
        yield 70 - 18 * n + late
        item_id = _item(
            session,
            learner,
            codes,
            title,
            kind=kind,
            order_type=order_type,
            today=clock.today(),
        )
        yield 66 - 18 * n + late
        decisions.append(judge(session, assessor, item_id))
    return decisions


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


def story_steps(
    session: Session,
    people: dict[str, User],
    learner: User,
    story: str,
    clock: DemoClock,
) -> Steps:
    """One learner's story as steps: it yields the day (days ago) of its next step."""
    assessor, iqa = people["assessor"], people["iqa"]

    def item(codes: tuple[str, ...], title: str, **kw: Any) -> int:
        return _item(session, learner, codes, title, today=clock.today(), **kw)

    if story == "waiting":
        yield 16
        first = item(("K1", "K2"), "What I learnt about the CRM", submit=False)
        yield 12
        evidence.submit_item(session, first, actor=learner)
        yield 3
        item(("MP1",), "Order entry for a trade account")
        yield 1
        item(("K3",), "Product notes draft", submit=False)
    elif story == "resubmitted":
        yield 34
        first = item(("MP4",), "Getting a discount approved")
        yield 29
        judge(session, assessor, first, met=False)
        yield 14
        second = item(("K1",), "The sales process")
        yield 9
        judge(session, assessor, second)
        yield 5
        _resubmit(session, learner, first)
    elif story in {"all_met", "signed_off", "sampled_agreed"}:
        decisions = yield from _complete(session, learner, assessor, clock, story)
        if story == "signed_off":
            yield 12
            assessment.assessor_sign_off(
                session, learner.id, actor=assessor, declared=True
            )
            yield 9
            assessment.learner_declare(session, actor=learner, declared=True)
        if story == "sampled_agreed":
            yield 8
            _sample(session, iqa, decisions[0], "agree")
            _sample(session, iqa, decisions[1], "agree")
    elif story == "sent_back":
        yield 26
        first = item(MPS, "Credit hold call")
        yield 21
        decision = judge(session, people["assessor2"], first)
        yield 6
        _sample(session, iqa, decision, "send_back")
    elif story == "testimony_signed":
        yield 22
        returned = item(("MP4",), "Order over the credit limit")
        yield 17
        judge(session, assessor, returned, met=False)
        yield 9
        item(("K5",), "Data protection on the phone")


def _resubmit(session: Session, learner: User, item_id: int) -> None:
    """The learner answers the feedback and submits the item again."""
    item = evidence.load_item(session, item_id, actor=learner)
    evidence.update_item(
        session,
        item_id,
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
    evidence.submit_item(session, item_id, actor=learner)


# Runs per story: (scenario type, seed, action kinds the learner forgets, days ago).
RUNS = {
    "waiting": (("standard", 201, frozenset({"send_confirmation"}), 10),),
    "resubmitted": (
        ("urgent", 202, frozenset({"check_stock"}), 31),
        ("bespoke", 203, frozenset(), 15),
    ),
    "all_met": (("standard", 204, frozenset({"log_follow_up"}), 20),),
    "sampled_agreed": (("bespoke", 205, frozenset({"request_approval"}), 40),),
}


def run_steps(session: Session, learner: User, story: str) -> Steps:
    """Simulator runs where the learner skips some steps, so scores vary."""
    for scenario_type, seed, skipped, days_ago in RUNS.get(story, ()):
        yield days_ago
        _play_run(session, learner, scenario_type, seed, skipped)


def _play_run(
    session: Session,
    learner: User,
    scenario_type: str,
    seed: int,
    skipped: frozenset[str],
) -> None:
    """One run, every step of the perfect play but the ``skipped`` ones."""
    from portfolio.errors import DomainError
    from portfolio.simulator import domain as engine
    from portfolio.simulator import services as sim

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

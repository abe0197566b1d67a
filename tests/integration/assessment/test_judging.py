"""Judging evidence: decisions, returns, versions, locking and segregation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.assessment import services
from portfolio.assessment.domain.segregation import SegregationError
from portfolio.assessment.models import (
    ItemDecision,
    Judgement,
    JudgementImmutableError,
    Notification,
    Sample,
)
from portfolio.audit.models import AuditEvent
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import services as evidence
from portfolio.evidence.models import EvidenceClaim, EvidenceItem
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import judge, seed, submitted


def _events(session, action: str) -> int:
    return session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == action)
    )


def test_accepting_stores_decisions_apart_from_the_claims(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("MP1", "K1"))
    decision = judge(
        session, people["assessor"], item, {"MP1": "met", "K1": "not_met", "K2": "met"}
    )
    assert item.status == "accepted"
    assert {j.criterion.code: (j.decision, j.claimed) for j in decision.judgements} == {
        "MP1": ("met", True),
        "K1": ("not_met", True),
        "K2": ("met", False),  # added by the assessor
    }
    claims = session.scalars(select(EvidenceClaim.justification)).all()
    assert sorted(claims) == ["shows K1", "shows MP1"]  # the learner's claim is intact
    assert _events(session, "assessment.decided") == 1
    assert _events(session, "evidence.accepted") == 1
    # A new assessor (no plan) is sampled at 100%.
    assert session.scalar(select(func.count(Sample.id))) == 1
    done = services.achievement_for(session, people["learner"].id)
    # MP1 needs two kinds; R1 is covered by an accepted standard order.
    assert [c.code for c in done.criteria if c.achieved] == ["K2", "R1"]


def test_return_then_resubmit_then_accept_keeps_the_history(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    item = submitted(session, learner, ("K1",))
    judge(session, assessor, item, {"K1": "not_met"}, "return", "Explain SPIN")
    assert item.status == "returned"
    note = session.scalars(select(Notification)).one()
    assert note.user_id == learner.id and f"/evidence/{item.id}" == note.url
    assert session.scalars(select(OutboxMessage.to_addr)).all()[-1] == learner.email
    with pytest.raises(ConflictError):  # nothing to judge until it comes back
        judge(session, assessor, item, {"K1": "met"})
    evidence.set_claims(session, item.id, {"K1": "now with SPIN"}, actor=learner)
    evidence.submit_item(session, item.id, actor=learner)
    assert item.current_number == 2
    judge(session, assessor, item, {"K1": "met"})
    history = services.decision_history(session, item.id)
    assert [(d.version_number, d.outcome) for d in history] == [
        (2, "accept"),
        (1, "return"),
    ]
    assert services.achievement_for(session, learner.id).criteria[4].achieved


def test_bad_judgement_writes_nothing(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    with pytest.raises(ValidationError) as info:
        services.judge_item(
            session,
            item.id,
            actor=people["assessor"],
            rows=[("K1", "not_met", "")],
            outcome="return",
            actions="x",
            expected_version=item.version_id,
        )
    assert info.value.field == "f_K1"
    assert session.scalar(select(func.count(ItemDecision.id))) == 0
    assert item.status == "submitted"


def test_a_stale_page_is_refused_with_the_conflict_message(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    stale = item.version_id
    judge(session, people["assessor"], item, {"K1": "met"})
    with pytest.raises(ConflictError, match="Someone else saved a decision"):
        services.judge_item(
            session,
            item.id,
            actor=people["assessor"],
            rows=[("K1", "met", "")],
            outcome="accept",
            actions="",
            expected_version=stale,
        )
    assert session.scalar(select(func.count(ItemDecision.id))) == 1


def test_two_assessors_saving_at_once_one_wins_one_conflicts(session) -> None:
    """Both load the item before either saves; the second flush is refused."""
    people = seed(session)
    second = make_user(session, "second.assessor@test.example", ["assessor", "admin"])
    item = submitted(session, people["learner"], ("K1",))
    session.commit()
    other = Session(db.engine)
    try:
        mine = other.get(EvidenceItem, item.id)
        other_actor = other.get(type(second), second.id)
        version = mine.version_id
        _ = mine.current.claims  # the second assessor's page is open
        judge(session, people["assessor"], item, {"K1": "met"}, "accept")
        session.commit()
        with pytest.raises(ConflictError, match="Someone else saved a decision"):
            services.judge_item(
                other,
                item.id,
                actor=other_actor,
                rows=[("K1", "not_met", "missing")],
                outcome="return",
                actions="redo",
                expected_version=version,
            )
        other.rollback()
    finally:
        other.close()
    session.expire_all()
    decisions = session.scalars(select(ItemDecision)).all()
    assert [d.outcome for d in decisions] == ["accept"]
    assert session.get(EvidenceItem, item.id).status == "accepted"


def test_judgements_are_append_only(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    judge(session, people["assessor"], item, {"K1": "met"})
    row = session.scalars(select(Judgement)).one()
    row.feedback = "rewritten"
    with pytest.raises(JudgementImmutableError):
        session.flush()


def test_assessor_cannot_judge_a_learner_they_supervise(session) -> None:
    people = seed(session)
    both = make_user(session, "both@test.example", ["assessor", "supervisor"])
    learner = make_user(session, "l3@test.example", ["learner"])
    make_enrolment(session, learner, assessor=both, supervisor=both)
    item = submitted(session, learner, ("K1",))
    with pytest.raises(SegregationError):
        judge(session, both, item, {"K1": "met"})
    assert people  # seeded


def test_other_assessors_and_learners_cannot_judge(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    for who in ("assessor_b", "learner", "iqa"):
        with pytest.raises(NotFoundError):
            judge(session, people[who], item, {"K1": "met"})

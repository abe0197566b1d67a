"""IQA sampling, sign-off and the lock, discussions, tasks and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portfolio.assessment import services
from portfolio.assessment.domain.segregation import SegregationError
from portfolio.assessment.models import ItemDecision, Notification, Sample
from portfolio.audit.models import AuditEvent
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import services as evidence
from portfolio.evidence.services.storage import get_storage
from tests.factories import make_user
from tests.integration.assessment.helpers import (
    complete_portfolio,
    judge,
    seed,
    submitted,
)
from tests.integration.evidence.helpers import details


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_iqa_agrees_with_a_sampled_decision(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    judge(session, people["assessor"], item)
    rows, total = services.sample_queue(session, actor=people["iqa"])
    assert total == 1
    sample = services.decide_sample(
        session,
        rows[0].id,
        actor=people["iqa"],
        action="agree",
        feedback="",
        expected_version=rows[0].version_id,
    )
    assert sample.state == "agreed" and sample.iqa_id == people["iqa"].id
    assert item.status == "accepted"
    with pytest.raises(ConflictError):  # already dealt with
        services.decide_sample(
            session,
            sample.id,
            actor=people["iqa"],
            action="send_back",
            feedback="x",
            expected_version=None,
        )
    report = services.sampling_report(session, actor=people["iqa"])
    row = report["assessors"][0]
    assert (row.decisions, row.sampled, row.agreed, row.rate) == (1, 1, 1, 100)
    assert report["cohorts"][0].label == "Test cohort"


def test_send_back_reopens_the_decision_and_tells_the_assessor(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    item = submitted(session, learner, ("K1",), order_type="urgent")
    judge(session, assessor, item)
    assert services.achievement_for(session, learner.id).criteria[-1].achieved  # R3
    sample = services.sample_queue(session, actor=people["iqa"])[0][0]
    with pytest.raises(ValidationError):  # feedback is needed to send back
        services.decide_sample(
            session,
            sample.id,
            actor=people["iqa"],
            action="send_back",
            feedback=" ",
            expected_version=None,
        )
    services.decide_sample(
        session,
        sample.id,
        actor=people["iqa"],
        action="send_back",
        feedback="K1 is not clearly shown",
        expected_version=None,
    )
    decision = session.scalars(select(ItemDecision)).one()
    assert decision.reopened_at is not None
    assert item.status == "submitted"  # back in the assessor's queue
    done = services.achievement_for(session, learner.id)
    assert done.achieved_count == 0  # neither K1 nor R3 counts any more
    note = session.scalars(
        select(Notification).where(Notification.user_id == assessor.id)
    ).one()
    assert note.kind == "sent_back"
    assert services.evidence_queue(session, actor=assessor)[1] == 1
    judge(session, assessor, item)  # the assessor decides again
    assert item.status == "accepted"


def test_an_iqa_never_samples_their_own_decisions(session) -> None:
    people = seed(session)
    dual = make_user(session, "dual@test.example", ["assessor", "iqa"])
    from tests.factories import make_enrolment

    learner = make_user(session, "l4@test.example", ["learner"])
    make_enrolment(session, learner, assessor=dual)
    item = submitted(session, learner, ("K1",))
    judge(session, dual, item)
    assert services.sample_queue(session, actor=dual)[1] == 0
    sample = session.scalars(select(Sample)).one()
    with pytest.raises(SegregationError):
        services.decide_sample(
            session,
            sample.id,
            actor=dual,
            action="agree",
            feedback="",
            expected_version=None,
        )
    assert services.sample_queue(session, actor=people["iqa"])[1] == 1


def test_sampling_plan_rate_controls_selection(session) -> None:
    people = seed(session)
    services.set_plan(
        session, people["assessor"].id, actor=people["iqa"], rate=0, new_assessor=False
    )
    item = submitted(session, people["learner"], ("K1",))
    judge(session, people["assessor"], item)
    assert _count(session, Sample) == 0
    with pytest.raises(ValidationError):
        services.set_plan(
            session,
            people["assessor"].id,
            actor=people["iqa"],
            rate=150,
            new_assessor=False,
        )
    with pytest.raises(NotFoundError):
        services.set_plan(
            session,
            people["learner"].id,
            actor=people["iqa"],
            rate=10,
            new_assessor=False,
        )
    with pytest.raises(NotFoundError):
        services.plans(session, actor=people["assessor"])


def test_sign_off_locks_the_portfolio_until_an_iqa_unlocks_it(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    item = submitted(session, learner, ("K1",))
    with pytest.raises(ConflictError, match="not achieved"):
        services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    judge(session, assessor, item)
    complete_portfolio(session, learner, assessor)
    with pytest.raises(ValidationError):
        services.assessor_sign_off(session, learner.id, actor=assessor, declared=False)
    services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    with pytest.raises(ConflictError):
        services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    row = services.learner_declare(session, actor=learner, declared=True)
    assert row.state == "locked"
    with pytest.raises(ConflictError, match="signed off and is locked"):
        evidence.create_item(
            session,
            actor=learner,
            kind="reflection",
            details=details("late"),
            data={"what_happened": "x"},
        )
    with pytest.raises(ConflictError, match="signed off and is locked"):
        evidence.withdraw_item(session, item.id, actor=learner)
    with pytest.raises(NotFoundError):
        services.unlock_portfolio(session, learner.id, actor=assessor, reason="x")
    with pytest.raises(ValidationError):
        services.unlock_portfolio(session, learner.id, actor=people["iqa"], reason="")
    services.unlock_portfolio(
        session, learner.id, actor=people["iqa"], reason="Wrong date on item A"
    )
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "assessment.portfolio_unlocked")
    ).one()
    assert "Wrong date on item A" in event.details
    evidence.create_item(
        session,
        actor=learner,
        kind="reflection",
        details=details("after"),
        data={"what_happened": "x"},
    )
    assert [s.state for s in services.sign_offs_of(session, learner.id)] == ["unlocked"]


def test_professional_discussion_counts_as_a_kind_of_evidence(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    item = submitted(session, learner, ("MP1",))
    judge(session, assessor, item)
    record = services.DiscussionRecord(
        date.today() - timedelta(days=1),
        30,
        "How do you check stock?\nWho approves?",
        "Checks the stock screen first.",
        ("MP1",),
    )
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
    audio = services.check_audio(wav, "talk.wav", 1 << 20)
    row = services.record_discussion(
        session, learner.id, record, actor=assessor, audio=audio, storage=get_storage()
    )
    assert row.audio_media_type == "audio/x-wav" and row.criteria == ["MP1"]
    mp1 = services.achievement_for(session, learner.id).criteria[0]
    assert mp1.achieved and mp1.kinds == {"reflection", "professional_discussion"}
    assert services.load_discussion(session, row.id, actor=learner).id == row.id
    with pytest.raises(NotFoundError):
        services.load_discussion(session, row.id, actor=people["learner_b"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"duration_minutes": 0}, "duration"),
        ({"questions": " "}, "questions"),
        ({"criteria": ()}, "criteria"),
        ({"criteria": ("ZZ",)}, "criteria"),
    ],
)
def test_bad_discussion_records_write_nothing(session, change, field) -> None:
    people = seed(session)
    values = dict(
        held_on=date.today(),
        duration_minutes=20,
        questions="Q",
        answers="A",
        criteria=("K1",),
    )
    values.update(change)
    with pytest.raises(ValidationError) as info:
        services.record_discussion(
            session,
            people["learner"].id,
            services.DiscussionRecord(**values),
            actor=people["assessor"],
        )
    assert info.value.field == field
    assert services.discussions_of(session, people["learner"].id) == []


def test_audio_must_really_be_audio(session) -> None:
    with pytest.raises(ValidationError):
        services.check_audio(b"%PDF-1.7 not audio", "talk.mp3", 1 << 20)


def test_task_lists_per_role(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    tasks = {t.label: t.count for t in services.task_list(session, people["assessor"])}
    assert tasks == {"Evidence to judge": 1}
    judge(session, people["assessor"], item, {"K1": "not_met"}, "return", "Redo")
    learner_tasks = {
        t.label: t.count for t in services.task_list(session, people["learner"])
    }
    assert learner_tasks["Returned evidence to act on"] == 1
    iqa = {t.label: t.count for t in services.task_list(session, people["iqa"])}
    assert iqa == {"Samples due": 1}
    supervisor = services.task_list(session, people["supervisor"])
    assert [t.label for t in supervisor] == ["Testimonies to sign"]
    assert services.unread_count(session, people["learner"]) == 1
    assert services.mark_all_read(session, actor=people["learner"]) == 1
    assert services.unread_count(session, people["learner"]) == 0


def test_learner_audit_trail_is_verified(session) -> None:
    people = seed(session)
    item = submitted(session, people["learner"], ("K1",))
    judge(session, people["assessor"], item)
    trail = services.learner_audit(session, people["learner"].id, actor=people["iqa"])
    said = [e.before for e in trail.lines]
    assert trail.intact and trail.checked >= 3
    assert {
        "added the evidence",
        "submitted the evidence",
        "accepted the evidence",
    } <= (set(said))
    with pytest.raises(NotFoundError):
        services.learner_audit(
            session, people["learner"].id, actor=people["supervisor"]
        )

"""Learner progress rows: every write keeps them equal to a from-scratch recompute."""

from __future__ import annotations

from datetime import date, timedelta
from unittest.mock import patch

from sqlalchemy import delete, event, select, update

from portfolio.assessment import services
from portfolio.assessment.domain.progress import ProgressFacts, decode_waiting
from portfolio.assessment.models import LearnerProgress
from portfolio.cli.progress import rebuild_command
from portfolio.core.time import utcnow
from portfolio.evidence import services as evidence
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import (
    accept,
    complete_portfolio,
    judge,
    seed,
    submitted,
)


def _stored(session, learner_id: int) -> ProgressFacts | None:
    """The learner's row exactly as stored (None when there is none)."""
    row = session.execute(
        select(LearnerProgress).where(LearnerProgress.learner_id == learner_id)
    ).scalar_one_or_none()
    if row is None:
        return None
    session.expunge(row)  # read afresh next time, not from the identity map
    return ProgressFacts(
        row.achieved,
        row.total,
        row.waiting,
        decode_waiting(row.waiting_since),
        row.last_activity_at,
    )


def _in_step(session, learner_id: int) -> ProgressFacts:
    """Commit, then check the stored row equals a recompute from the evidence."""
    session.commit()
    stored = _stored(session, learner_id)
    fresh = services.compute_progress(
        session, [learner_id], services.current_rules(session)
    )[learner_id]
    assert stored == fresh
    return fresh


def _row(session, actor, learner_id: int, today: date | None = None):
    """The learner's row on the actor's caseload."""
    rows = services.caseload(session, actor=actor, today=today or utcnow().date())
    return next(r for r in rows if r.enrolment.learner_id == learner_id)


def test_submit_judge_and_return_keep_the_row_in_step(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    session.commit()
    first = submitted(session, learner, ("K1", "MP1"), title="First")
    facts = _in_step(session, learner.id)
    assert (facts.waiting, facts.achieved) == (1, 0) and facts.total > 0
    row = _row(session, assessor, learner.id)
    assert (row.waiting, row.oldest_days, row.plan.met) == (1, 0, 0)

    accept(session, assessor, first)
    facts = _in_step(session, learner.id)
    met = facts.achieved  # K1 and the range criterion (MP1 needs two kinds)
    assert (facts.waiting, met) == (0, 2)
    assert _row(session, assessor, learner.id).plan.met == met

    second = submitted(session, learner, ("K2",), title="Second")
    assert _in_step(session, learner.id).waiting == 1
    judge(
        session, assessor, second, {"K2": "not_met"}, outcome="return", actions="More"
    )
    facts = _in_step(session, learner.id)
    assert (facts.waiting, facts.achieved) == (0, met)
    row = _row(session, assessor, learner.id)
    assert (row.waiting, row.plan.met) == (0, met)


def test_withdrawing_a_submitted_item_takes_it_off_the_queue(session) -> None:
    people = seed(session)
    learner = people["learner"]
    item = submitted(session, learner, ("K1",))
    assert _in_step(session, learner.id).waiting == 1
    evidence.withdraw_item(session, item.id, actor=learner)
    assert _in_step(session, learner.id).waiting == 0
    assert _row(session, people["assessor"], learner.id).waiting == 0


def test_an_iqa_send_back_reopens_the_decision_and_the_row(session) -> None:
    people = seed(session)
    learner, assessor, iqa = people["learner"], people["assessor"], people["iqa"]
    accept(session, assessor, submitted(session, learner, ("K1",)))
    assert _in_step(session, learner.id).achieved == 2  # K1 and its order type
    rows, _ = services.sample_queue(session, actor=iqa)
    services.decide_sample(
        session,
        rows[0].id,
        actor=iqa,
        action="send_back",
        feedback="Check the date",
        expected_version=rows[0].version_id,
    )
    facts = _in_step(session, learner.id)
    assert (facts.achieved, facts.waiting) == (0, 1)
    assert _row(session, assessor, learner.id).plan.met == 0


def test_a_discussion_record_counts_towards_achievement(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    before = services.recompute_progress(session, [learner.id])[learner.id].achieved
    record = services.DiscussionRecord(
        date.today() - timedelta(days=1), 15, "Q1", "A1", ("K3",)
    )
    services.record_discussion(session, learner.id, record, actor=assessor)
    assert _in_step(session, learner.id).achieved == before + 1


def test_sign_off_and_unlock_move_last_activity_and_keep_the_row(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    complete_portfolio(session, learner, assessor)
    facts = _in_step(session, learner.id)
    assert facts.achieved == facts.total
    services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    later = utcnow() + timedelta(hours=2)
    with patch("portfolio.audit.services.utcnow", lambda: later):
        services.learner_declare(session, actor=learner, declared=True)
    facts = _in_step(session, learner.id)
    assert facts.last_activity is not None
    assert facts.last_activity.replace(tzinfo=None) == later.replace(
        microsecond=0, tzinfo=None
    )
    services.unlock_portfolio(session, learner.id, actor=people["iqa"], reason="Date")
    assert _in_step(session, learner.id).achieved == facts.total


def test_a_transaction_reads_its_own_writes_before_commit(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    session.commit()
    submitted(session, learner, ("K1",))  # flushed, not committed
    assert _row(session, assessor, learner.id).waiting == 1
    assert _stored(session, learner.id).waiting == 1


def test_a_rollback_leaves_the_row_as_it_was(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    submitted(session, learner, ("K1",))
    _in_step(session, learner.id)
    submitted(session, learner, ("K2",), title="Rolled back")
    session.rollback()
    assert _stored(session, learner.id).waiting == 1
    session.commit()  # nothing noted survives the rollback
    assert _in_step(session, learner.id).waiting == 1
    assert _row(session, assessor, learner.id).waiting == 1


def test_a_missing_or_outdated_row_is_computed_not_shown_wrong(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    accept(session, assessor, submitted(session, learner, ("K1", "MP1")))
    submitted(session, learner, ("K2",), title="Waiting")
    session.commit()
    session.execute(delete(LearnerProgress))
    row = _row(session, assessor, learner.id)
    assert (row.plan.met, row.waiting) == (2, 1)
    assert _stored(session, learner.id) is None  # reads do not write
    services.recompute_progress(session, [learner.id])
    session.execute(  # as if counted under another framework's criteria
        update(LearnerProgress).values(rules_key="other", achieved=0, waiting=0)
    )
    row = _row(session, assessor, learner.id)
    assert (row.plan.met, row.waiting) == (2, 1)


def test_overdue_and_days_are_derived_from_stored_times_when_read(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    earlier = utcnow() - timedelta(days=3)
    with patch("portfolio.evidence.services.workflow.utcnow", lambda: earlier):
        submitted(session, learner, ("K1",))
    _in_step(session, learner.id)
    row = _row(session, assessor, learner.id)
    assert (row.oldest_days, row.overdue) == (3, 0)
    week_on = utcnow() + timedelta(days=5)  # no write in between
    with patch("portfolio.assessment.services.caseload.utcnow", lambda: week_on):
        row = _row(session, assessor, learner.id, week_on.date())
    assert (row.oldest_days, row.overdue) == (8, 1)


def test_progress_rebuild_command_fills_every_enrolled_learner(db_app) -> None:
    from portfolio.extensions import db

    with db_app.app_context():
        people = seed(db.session)
        learner = people["learner"]
        accept(db.session, people["assessor"], submitted(db.session, learner, ("K1",)))
        db.session.commit()
        db.session.execute(delete(LearnerProgress))
        db.session.commit()
        result = db_app.test_cli_runner().invoke(rebuild_command, ["--batch", "1"])
        assert result.exit_code == 0, result.output
        assert "Rebuilt the progress of 2 learner(s)." in result.output
        rows = db.session.scalars(select(LearnerProgress.learner_id)).all()
        assert sorted(rows) == sorted([learner.id, people["learner_b"].id])
        assert _in_step(db.session, learner.id).achieved == 2


def _statements(session, work) -> int:
    """How many SQL statements ``work()`` sends."""
    seen: list[str] = []
    engine = session.get_bind().engine

    def listener(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_recompute_sends_the_same_queries_for_two_or_twenty_learners(session) -> None:
    people = seed(session)
    learners = [people["learner"]]
    for n in range(19):
        learner = make_user(session, f"many{n}@test.example", ["learner"])
        make_enrolment(session, learner, assessor=people["assessor"])
        submitted(session, learner, ("K1",), title=f"Item {n}")
        learners.append(learner)
    session.flush()
    services.settle_progress(session)
    ids = [u.id for u in learners]
    few = _statements(session, lambda: services.recompute_progress(session, ids[:2]))
    many = _statements(session, lambda: services.recompute_progress(session, ids))
    assert few == many
    assert all(_stored(session, i).waiting == 1 for i in ids[1:])

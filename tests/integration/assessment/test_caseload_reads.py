"""The caseload and queue reads: the same answers in fewer queries (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from portfolio.assessment import services
from portfolio.assessment.models import CohortPlan, LearnerProgress
from portfolio.auth.models import Enrolment, User
from portfolio.core.time import utcnow
from portfolio.errors import ValidationError
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.framework.models import Criterion, Unit
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import seed, submitted


def _queue_seen(session, actor, **kwargs):
    """The queue as the old ORM read and as the page's rows, side by side."""
    items, total = services.evidence_queue(session, actor=actor, **kwargs)
    old = [
        (
            i.id,
            i.current.title,
            i.current_number,
            i.learner.display_name,
            i.kind,
            i.current.submitted_at,
            tuple(c.criterion.code for c in i.current.claims),
        )
        for i in items
    ]
    rows, row_total = services.queue_rows(session, actor=actor, **kwargs)
    new = [
        (
            r.item_id,
            r.title,
            r.number,
            r.learner_name,
            r.kind,
            r.submitted_at,
            r.claims,
        )
        for r in rows
    ]
    return old, total, new, row_total


def test_queue_rows_match_the_orm_queue_on_every_page_and_filter(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    other = make_user(session, "second@example.com", name="Second Learner")
    make_enrolment(session, other, assessor=assessor)
    for n in range(5):
        submitted(session, learner, ("MP1", "K1", "K2")[: n % 3 + 1], title=f"L{n}")
        submitted(session, other, ("K3",), title=f"O{n}")
    session.flush()
    # Two of the learner's items have waited past the turnaround.
    old_items = session.scalars(
        select(EvidenceItem.id).where(EvidenceItem.learner_id == learner.id).limit(2)
    ).all()
    session.execute(
        update(EvidenceVersion)
        .where(EvidenceVersion.item_id.in_(old_items))
        .values(submitted_at=utcnow() - timedelta(days=30))
    )
    session.expire_all()
    cases = [
        {"page": 1, "per_page": 4},
        {"page": 2, "per_page": 4},
        {"page": 3, "per_page": 4},
        {"page": 4, "per_page": 4},  # past the end: nothing shown, still counted
        {"learner_id": other.id},
        {"overdue": True},
        {"learner_id": learner.id, "overdue": True},
    ]
    for kwargs in cases:
        old, total, new, row_total = _queue_seen(session, assessor, **kwargs)
        assert new == old, kwargs
        assert row_total == total, kwargs
    assert _queue_seen(session, assessor, per_page=4)[3] == 10
    assert _queue_seen(session, assessor, overdue=True)[3] == 2
    assert _queue_seen(session, assessor, page=4, per_page=4)[3] == 10
    # Someone with no caseload sees an empty queue.
    assert services.queue_rows(session, actor=people["learner"]) == ([], 0)
    # The statements are built once per kind of actor and filter, then bound: an
    # admin sees every assessed learner's items, another assessor only their own.
    admin = make_user(session, "chief@example.com", ("admin",))
    stranger = make_user(session, "lone.assessor@example.com", ("assessor",))
    for actor in (admin, stranger, assessor):
        for kwargs in cases:
            old, total, new, row_total = _queue_seen(session, actor, **kwargs)
            assert new == old, (actor.email, kwargs)
            assert row_total == total, (actor.email, kwargs)
        ids = services.caseload_learner_ids(session, actor=actor)
        if actor.has_role("admin"):  # every assessed learner
            scope = [Enrolment.assessor_id.is_not(None)]
        else:  # the actor's own learners, never themselves
            scope = [
                Enrolment.assessor_id == actor.id,
                Enrolment.learner_id != actor.id,
            ]
        expected = session.scalars(select(Enrolment.learner_id).where(*scope)).all()
        assert sorted(ids) == sorted(expected), actor.email
    assert _queue_seen(session, admin, per_page=4)[3] >= 10
    assert services.queue_rows(session, actor=stranger) == ([], 0)
    assert services.caseload_learner_ids(session, actor=stranger) == []


def test_current_rules_reuse_follows_every_change_to_the_unit(session) -> None:
    seed(session)
    first = services.current_rules(session)
    assert services.current_rules(session) is first  # same rows: built once
    unit = session.scalars(select(Unit).order_by(Unit.id)).first()
    criterion = session.scalars(
        select(Criterion).where(Criterion.unit_id == unit.id).order_by(Criterion.id)
    ).first()
    criterion.order_type = "bespoke" if criterion.order_type != "bespoke" else None
    session.flush()
    changed = services.current_rules(session)
    assert changed.key != first.key
    assert [c.order_type for c in changed.criteria if c.code == criterion.code] == [
        criterion.order_type
    ]
    unit.sufficiency = '{"marking_point": 3}'
    session.flush()
    assert services.current_rules(session).sufficiency == {"marking_point": 3}
    session.execute(delete(Criterion).where(Criterion.id == criterion.id))
    fewer = services.current_rules(session)
    assert criterion.code not in {c.code for c in fewer.criteria}
    assert len(fewer.criteria) == len(first.criteria) - 1


def test_rules_read_in_one_query_equal_the_unit_and_its_specs(session) -> None:
    from portfolio.assessment.services.common import criterion_specs
    from portfolio.framework.services import default_unit

    seed(session)
    rules = services.current_rules(session)
    unit = default_unit(session)
    assert list(rules.criteria) == criterion_specs(session, unit.id)
    assert rules.key == services.current_rules(session).key


def test_caseload_with_no_unit_is_empty_without_learners_and_an_error_with(
    session,
) -> None:
    assessor = make_user(session, "lone@example.com", ("assessor",))
    assert services.caseload(session, actor=assessor, today=utcnow().date()) == []
    learner = make_user(session, "someone@example.com", name="Some One")
    make_enrolment(session, learner, assessor=assessor)
    with pytest.raises(ValidationError):
        services.caseload(session, actor=assessor, today=utcnow().date())


def test_caseload_reads_stored_rows_plans_and_computes_outdated_ones(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    submitted(session, learner, ("K1",))
    session.commit()
    enrolment = session.scalars(
        select(Enrolment).where(Enrolment.learner_id == learner.id)
    ).one()
    session.add(CohortPlan(cohort_id=enrolment.cohort_id, amber_behind=0, red_behind=9))
    session.commit()
    today = utcnow().date()
    (row,) = [
        r
        for r in services.caseload(session, actor=assessor, today=today)
        if r.enrolment.learner_id == learner.id
    ]
    assert row.waiting == 1
    expected = services.compute_progress(
        session, [learner.id], services.current_rules(session)
    )[learner.id]
    assert row.progress == expected
    # A row stored under other rules is not trusted: the facts are recomputed.
    session.execute(
        update(LearnerProgress)
        .where(LearnerProgress.learner_id == learner.id)
        .values(rules_key="other", waiting=7)
    )
    (again,) = [
        r
        for r in services.caseload(session, actor=assessor, today=today)
        if r.enrolment.learner_id == learner.id
    ]
    assert again.progress == expected
    # The cohort's own thresholds apply: far behind, yet amber (red at 99 behind).
    enrolment.start_date = today - timedelta(days=300)
    enrolment.planned_end_date = today + timedelta(days=1)
    session.execute(
        update(CohortPlan)
        .where(CohortPlan.cohort_id == enrolment.cohort_id)
        .values(red_behind=99)
    )
    session.flush()
    session.expire_all()
    (late,) = [
        r
        for r in services.caseload(session, actor=assessor, today=today)
        if r.enrolment.learner_id == learner.id
    ]
    assert late.plan.behind > 4  # red under the default thresholds
    assert late.rag == "amber"
    session.execute(delete(CohortPlan))
    session.expire_all()
    (default,) = [
        r
        for r in services.caseload(session, actor=assessor, today=today)
        if r.enrolment.learner_id == learner.id
    ]
    assert default.rag == "red"


def _orm_view(session, enrolment_ids) -> list[tuple]:
    """What the caseload showed of each enrolment when it loaded ORM rows."""
    rows = session.scalars(select(Enrolment).where(Enrolment.id.in_(enrolment_ids)))
    by_id = {
        e.id: (
            e.id,
            e.learner_id,
            e.start_date,
            e.planned_end_date,
            e.learner.id,
            e.learner.display_name,
            e.cohort.name if e.cohort else None,
        )
        for e in rows
    }
    return [by_id[i] for i in enrolment_ids]


def _row_view(rows) -> list[tuple]:
    """The same fields as the caseload's column read gives them."""
    return [
        (
            r.enrolment.id,
            r.enrolment.learner_id,
            r.enrolment.start_date,
            r.enrolment.planned_end_date,
            r.enrolment.learner.id,
            r.enrolment.learner.display_name,
            r.enrolment.cohort.name if r.enrolment.cohort else None,
        )
        for r in rows
    ]


def test_caseload_columns_are_the_enrolments_own_for_assessor_and_admin(
    session,
) -> None:
    people = seed(session)
    assessor = people["assessor"]
    admin = make_user(session, "boss@example.com", ("admin",))
    other = make_user(session, "zed@example.com", name="Zed <Uncohorted>")
    loose = make_enrolment(session, other, assessor=assessor)
    loose.cohort_id = None  # a learner without a cohort: no cohort name shown
    loose.start_date = utcnow().date() - timedelta(days=30)
    someone = make_user(session, "yan@example.com", ("assessor",), name="Yan")
    third = make_user(session, "amy@example.com", name="Amy Third")
    make_enrolment(session, third, assessor=someone)  # not this assessor's
    session.flush()
    session.expire_all()
    today = utcnow().date()
    mine = services.caseload(session, actor=assessor, today=today)
    assert {r.enrolment.learner_id for r in mine} == {people["learner"].id, other.id}
    assert _row_view(mine) == _orm_view(session, [r.enrolment.id for r in mine])
    assert [r.enrolment.cohort for r in mine if r.enrolment.learner_id == other.id] == [
        None
    ]
    everyone = services.caseload(session, actor=admin, today=today)
    # every assessed learner, by name then enrolment, as the ORM read ordered them
    assessed = session.scalars(
        select(Enrolment.id)
        .join(User, User.id == Enrolment.learner_id)
        .where(Enrolment.assessor_id.is_not(None))
        .order_by(User.display_name, Enrolment.id)
    ).all()
    assert [r.enrolment.id for r in everyone] == assessed
    assert third.id in {r.enrolment.learner_id for r in everyone}
    assert _row_view(everyone) == _orm_view(session, assessed)

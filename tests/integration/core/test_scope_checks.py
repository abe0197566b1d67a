"""The one-learner scope checks: bound once per set of roles, right for everyone.

``can_view_learner`` and ``can_view_evidence`` run a statement built once per set of
roles with the actor, learner and time bound; ``learner_ids_visible_to`` uses the
same clauses with the values in place (it is composed into other queries). For
every actor and learner, on both databases, the two agree, and the second test
states who sees whom outright.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portfolio.auth import scopes
from portfolio.auth.grants import AccessGrant
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from tests.factories import make_enrolment, make_people, make_user


def _world(session):  # noqa: ANN001, ANN202
    people = make_people(session)
    eqa = make_user(session, "eqa@test.example", [Role.EQA])
    both = make_user(
        session, "both@test.example", [Role.ASSESSOR, Role.SUPERVISOR, Role.LEARNER]
    )
    nobody = make_user(session, "nobody@test.example", [])
    third = make_user(session, "learner.c@test.example", [Role.LEARNER])
    make_enrolment(session, third, assessor=both, supervisor=both)
    make_enrolment(session, both, assessor=people["assessor"])
    now = utcnow()
    session.add_all(
        [
            AccessGrant(
                grantee_id=eqa.id,
                learner_id=people["learner"].id,
                expires_at=now + timedelta(days=1),
            ),
            AccessGrant(  # expired: no longer in scope
                grantee_id=eqa.id,
                learner_id=people["learner_b"].id,
                expires_at=now - timedelta(minutes=1),
            ),
        ]
    )
    session.flush()
    actors = [*people.values(), eqa, both, nobody, third]
    learners = [people["learner"], people["learner_b"], third, both]
    return actors, learners


def test_one_learner_checks_match_the_scope_queries(session) -> None:
    actors, learners = _world(session)
    checked = 0
    for actor in actors:
        visible = set(session.scalars(scopes.learner_ids_visible_to(actor)))
        evidence = set(session.scalars(scopes.evidence_learner_ids_visible_to(actor)))
        for learner in learners:
            own = actor.id == learner.id and actor.has_role(Role.LEARNER)
            assert scopes.can_view_learner(session, actor, learner.id) == (
                own or learner.id in visible
            ), (actor.email, learner.email)
            assert scopes.can_view_evidence(session, actor, learner.id) == (
                own or learner.id in evidence
            ), (actor.email, learner.email)
            checked += 1
    assert checked == len(actors) * len(learners)


def test_the_checks_see_the_expected_people(session) -> None:
    actors, learners = _world(session)
    by = {a.email: a for a in actors}
    learner, learner_b = learners[0], learners[1]
    view = scopes.can_view_learner
    assert view(session, by["assessor@test.example"], learner.id)
    assert not view(session, by["assessor@test.example"], learner_b.id)
    assert view(session, by["supervisor@test.example"], learner.id)
    # Supervisors see testimonies, not the evidence itself.
    assert not scopes.can_view_evidence(
        session, by["supervisor@test.example"], learner.id
    )
    assert view(session, by["eqa@test.example"], learner.id)
    assert not view(session, by["eqa@test.example"], learner_b.id)  # grant expired
    assert view(session, by["iqa@test.example"], learner_b.id)
    assert not view(session, by["nobody@test.example"], learner.id)
    assert not view(session, by["learner@test.example"], learner_b.id)
    # A revoked grant is seen at once (the statement is cached, the answer is not).
    for grant in session.scalars(select(AccessGrant)):
        grant.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert not view(session, by["eqa@test.example"], learner.id)

"""The portfolio lock is a fact on the enrolment: sign-off writes it, access reads it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.assessment import services
from portfolio.auth import scopes
from portfolio.auth.models import Enrolment
from portfolio.core.time import as_utc, utcnow
from portfolio.errors import ConflictError
from portfolio.evidence import services as evidence
from tests.integration.assessment.helpers import complete_portfolio, seed
from tests.integration.evidence.helpers import details

LOCKED = "signed off and is locked"


def _enrolment(session, learner) -> Enrolment:
    return session.scalars(
        select(Enrolment).where(Enrolment.learner_id == learner.id)
    ).one()


def _new_reflection(session, learner, title: str):
    return evidence.create_item(
        session,
        actor=learner,
        kind="reflection",
        details=details(title),
        data={"what_happened": "x"},
    )


def test_sign_off_locks_the_enrolment_and_unlock_clears_it(session) -> None:
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    complete_portfolio(session, learner, assessor)
    services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    assert _enrolment(session, learner).portfolio_locked_at is None  # awaiting learner
    _new_reflection(session, learner, "still open")

    row = services.learner_declare(session, actor=learner, declared=True)
    locked_at = _enrolment(session, learner).portfolio_locked_at
    assert locked_at is not None and as_utc(locked_at) == as_utc(row.locked_at)
    with pytest.raises(scopes.PortfolioLockedError, match=LOCKED):
        _new_reflection(session, learner, "too late")

    services.unlock_portfolio(
        session, learner.id, actor=people["iqa"], reason="Wrong date on item A"
    )
    assert _enrolment(session, learner).portfolio_locked_at is None
    assert _new_reflection(session, learner, "after the unlock").id


def test_access_reads_only_the_enrolment(session) -> None:
    people = seed(session)
    learner = people["learner"]
    scopes.check_portfolio_unlocked(session, learner.id)
    _enrolment(session, learner).portfolio_locked_at = utcnow()  # no sign-off rows
    session.flush()
    with pytest.raises(ConflictError, match=LOCKED):
        scopes.check_portfolio_unlocked(session, learner.id)
    with pytest.raises(ConflictError, match=LOCKED):
        _new_reflection(session, learner, "locked by the fact alone")

"""A signed-off learner for the badge tests (both declarations made)."""

from __future__ import annotations

from portfolio.assessment import services
from tests.integration.assessment.helpers import complete_portfolio, seed


def signed_off(session) -> dict:
    """Seed people, complete the learner's portfolio, sign it off and lock it."""
    people = seed(session)
    learner, assessor = people["learner"], people["assessor"]
    complete_portfolio(session, learner, assessor)
    services.assessor_sign_off(session, learner.id, actor=assessor, declared=True)
    row = services.learner_declare(session, actor=learner, declared=True)
    session.commit()
    return {**{k: u.id for k, u in people.items()}, "sign_off": row.id}

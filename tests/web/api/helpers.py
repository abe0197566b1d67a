"""Objects the API rows of the access-control matrix point at."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.auth.services.tokens import create_token
from portfolio.evidence import services
from portfolio.framework.models import Unit
from tests.integration.evidence.helpers import links, make_request


def api_matrix_ids(app, session, people) -> dict:
    """A testimony request to withdraw, a spare token, the unit's id."""
    learner = people["learner"]
    withdraw = services.request_testimony(
        session, make_request(), actor=learner, links=links()
    )
    spare, _plain = create_token(session, learner, "spare")
    session.commit()
    return {
        "api_withdraw_item": withdraw.id,
        "api_spare_token": spare.id,
        "fw_unit": session.scalar(select(Unit.id).order_by(Unit.id).limit(1)),
    }

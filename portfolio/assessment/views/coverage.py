"""Coverage: each criterion's state, with the evidence behind it on demand."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, services
from portfolio.assessment.domain.coverage import CoverageState
from portfolio.assessment.views._shared import LEARNER, READERS
from portfolio.core.pagecache import cached_page, learner_scopes, one_of
from portfolio.extensions import db
from portfolio.framework.domain.vocabulary import OrderType


def _coverage(learner_id: int) -> str:
    """Render one learner's coverage, filtered by the query string."""
    order_type = request.args.get("order_type", "")
    if order_type not in {t.value for t in OrderType}:
        order_type = ""
    states = [
        s
        for s in request.args.getlist("state")
        if s in {c.value for c in CoverageState}
    ]
    page = services.coverage_page(
        db.session,
        learner_id,
        actor=current_user,
        order_type=order_type or None,
        states=states,
        reader_checked=request.environ.get(_CHECKED) == (current_user.id, learner_id),
    )
    return render_template(
        "assessment/coverage.html",
        page=page,
        matrix=page.matrix,
        learner_id=learner_id,
        own=learner_id == current_user.id,
        order_type=order_type,
        states=states,
        CoverageState=CoverageState,
        OrderType=OrderType,
    )


COVERAGE_QUERY = {
    "order_type": one_of("", *(t.value for t in OrderType)),
    "state": one_of(*(c.value for c in CoverageState)),
}


def _own() -> list[str]:
    """The learner's own data."""
    return learner_scopes([current_user.id])


# Set (on this request only: not on g, which a test's app context can share across
# requests) once the page cache's scope check has let this viewer read this learner,
# so the page does not ask the database the same question twice.
_CHECKED = "portfolio.coverage_reader"


def _readable(learner_id: int) -> list[str]:
    """This learner's data, once the viewer is known to be allowed to read it."""
    services.require_reader_of(db.session, current_user, learner_id)
    request.environ[_CHECKED] = (current_user.id, learner_id)
    return learner_scopes([learner_id])


@bp.get("/coverage")
@LEARNER
@cached_page(_own, query=COVERAGE_QUERY)
def coverage() -> ResponseReturnValue:
    """The learner's own coverage."""
    return _coverage(current_user.id)


@bp.get("/learners/<int:learner_id>/coverage")
@READERS
@cached_page(_readable, query=COVERAGE_QUERY)
def learner_coverage(learner_id: int) -> ResponseReturnValue:
    """A learner's coverage with the assessor's decisions, for staff in scope."""
    return _coverage(learner_id)

"""The coverage matrix's old addresses: it moved to the assessment feature.

The matrix joins evidence and the assessor's decisions, so it lives in assessment
(``/assessment/coverage``); these routes keep bookmarks and old links working.
"""

from __future__ import annotations

from flask import redirect, url_for
from flask.typing import ResponseReturnValue

from portfolio.evidence import bp
from portfolio.evidence.views._shared import LEARNER, STAFF


@bp.get("/coverage")
@LEARNER
def coverage() -> ResponseReturnValue:
    """The learner's own coverage matrix, now under assessment."""
    return redirect(url_for("assessment.coverage"), code=301)


@bp.get("/learners/<int:learner_id>/coverage")
@STAFF
def learner_coverage(learner_id: int) -> ResponseReturnValue:
    """A learner's coverage matrix, now under assessment."""
    return redirect(url_for("assessment.learner_coverage", learner_id=learner_id), 301)

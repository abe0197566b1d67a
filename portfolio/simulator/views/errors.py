"""What every page shows while the simulated company is not seeded."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from portfolio.core.http_errors import _respond
from portfolio.simulator import bp
from portfolio.simulator.services import ContentError


@bp.app_errorhandler(ContentError)
def content_missing(exc: ContentError) -> ResponseReturnValue:
    """The simulated company is not seeded yet: say so instead of failing."""
    return _respond(
        503,
        "The simulator is not ready: the simulated company's data has "
        "not been loaded. An administrator needs to run "
        "`flask --app portfolio seed`.",
    )

"""The health check that load balancers and monitors call."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from portfolio.core.access import public
from portfolio.extensions import db
from portfolio.main import bp, services


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Report whether the app and its database answer."""
    ok = services.database_ok(db.session)
    return jsonify(status="ok" if ok else "error", database=ok), 200 if ok else 503

"""Testimony requests in the JSON API: create, resend the link, withdraw.

Signing stays a person's act: the witness signs through the emailed link or the
web page, never through a token.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from portfolio.core.roles import Role
from portfolio.evidence import services
from portfolio.evidence.api import testimony_schemas as schemas
from portfolio.evidence.models import Testimony
from portfolio.evidence.views._shared import signing_links
from portfolio.extensions import db

blp = Blueprint(
    "api_testimonies",
    __name__,
    url_prefix="/api/v1/testimonies",
    description="Ask a workplace witness for a testimony; resend or withdraw it",
)
LEARNER = frozenset({Role.LEARNER})


def testimony_out(t: Testimony) -> dict[str, Any]:
    """The API shape of a testimony request."""
    return {
        "item_id": t.item.id,
        "state": t.state,
        "witness_name": t.witness_name,
        "witness_email": t.witness_email,
        "item_status": t.item.status,
        "links_sent": len(t.links),
    }


@blp.route("")
class TestimonyRequests(MethodView):
    """Create a request (a draft testimony item) and email the signing link."""

    _access = LEARNER

    @blp.arguments(schemas.TestimonyRequestInSchema)
    @blp.response(201, schemas.TestimonyRequestOutSchema)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Ask the witness; 422 names the field that is wrong."""
        req = services.TestimonyRequest(
            args["witness_name"],
            args["witness_email"],
            args["witness_job_title"],
            args["relationship"],
            args["witnessed"],
            args["date_from"],
            args["date_to"],
            tuple(args["criteria"]),
            args["draft_statement"],
            args["order_type"],
        )
        item = services.request_testimony(
            db.session, req, actor=current_user, links=signing_links()
        )
        assert item.testimony is not None  # request_testimony always sets it
        return testimony_out(item.testimony)


@blp.route("/<int:item_id>/resend")
class TestimonyResend(MethodView):
    """Email a fresh link; older links stop working."""

    _access = LEARNER

    @blp.response(200, schemas.TestimonyRequestOutSchema)
    def post(self, item_id: int) -> dict[str, Any]:
        """Resend; 409 once the request is no longer awaiting a signature."""
        t = services.resend_request(
            db.session, item_id, actor=current_user, links=signing_links()
        )
        return testimony_out(t)


@blp.route("/<int:item_id>/withdraw")
class TestimonyWithdraw(MethodView):
    """Cancel an unsigned request; its links stop working."""

    _access = LEARNER

    @blp.response(200, schemas.TestimonyRequestOutSchema)
    def post(self, item_id: int) -> dict[str, Any]:
        """Withdraw; 409 once the witness has signed or declined."""
        t = services.cancel_request(db.session, item_id, actor=current_user)
        return testimony_out(t)

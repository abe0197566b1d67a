"""The development outbox page (never in the production configuration)."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask.typing import ResponseReturnValue

from portfolio.core.access import roles
from portfolio.core.roles import Role
from portfolio.extensions import db
from portfolio.mail import bp, services


@bp.get("/outbox")
@roles(Role.ADMIN)
def outbox() -> ResponseReturnValue:
    """Every message the app wrote, newest first, for development and tests."""
    if current_app.config.get("ENV_NAME") == "production":
        abort(404)
    return render_template(
        "mail/outbox.html", messages=services.list_outbox(db.session)
    )

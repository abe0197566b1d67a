"""Small helpers the assessment views share."""

from __future__ import annotations

from flask import current_app

from portfolio.extensions import db
from portfolio.core.edge import USER_ERRORS, form_error  # noqa: F401 - re-exported
from portfolio.core.edge import form_status as status_of  # noqa: F401
from portfolio.mail.services import deliver_queued


def deliver_mail() -> None:
    """Send queued notification mail after the commit (a no-op without SMTP)."""
    deliver_queued(db.session, current_app.config)
    db.session.commit()

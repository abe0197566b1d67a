"""Write mail to the outbox, and read it back for the development page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from portfolio.core.typing import Session
from portfolio.mail.domain.status import MessageStatus
from portfolio.mail.models import OutboxMessage

QUEUED_FLAG = "mail_queued"  # session.info flag: this transaction queued mail


def smtp_configured(config: Mapping[str, Any] | None) -> bool:
    """Whether an SMTP host is set."""
    return bool(config and config.get("SMTP_HOST"))


def send_mail(
    session: Session,
    to: str,
    subject: str,
    text: str,
    *,
    config: Mapping[str, Any] | None = None,
) -> OutboxMessage:
    """Store one message; it is queued for SMTP when ``config`` names a host.

    Delivery happens after the request commits (``deliver_after_commit``), so a
    rolled-back request never sends mail about rows that do not exist. Without
    ``config`` the current app's configuration decides.
    """
    if config is None:
        from flask import current_app

        config = current_app.config
    row = OutboxMessage(
        to_addr=to.strip(),
        subject=" ".join(subject.split())[:200],
        body=text,
        status=(
            MessageStatus.QUEUED if smtp_configured(config) else MessageStatus.STORED
        ).value,
    )
    session.add(row)
    session.flush()
    if row.status == MessageStatus.QUEUED:
        session.info[QUEUED_FLAG] = True
    return row


def list_outbox(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """The newest messages first."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(session.scalars(stmt))

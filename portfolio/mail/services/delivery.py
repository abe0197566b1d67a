"""Deliver queued outbox messages over SMTP once the request has committed."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.mail.domain.status import REDACTED, MessageStatus
from portfolio.mail.models import OutboxMessage
from portfolio.mail.services.outbox import QUEUED_FLAG, smtp_configured


def deliver_after_commit() -> None:
    """The request edge's hook: send what this request queued, record the outcome.

    It runs after the request's own commit, so it commits the delivery record itself.
    """
    from flask import current_app

    from portfolio.extensions import db

    if not db.session.info.pop(QUEUED_FLAG, False):
        return
    deliver_queued(db.session, current_app.config)
    db.session.commit()


def _message(row: OutboxMessage, sender: str) -> EmailMessage:
    """Build the MIME message for one outbox row."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg.set_content(row.body)
    return msg


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    """Open an SMTP connection (STARTTLS and login when configured)."""
    smtp = smtplib.SMTP(
        config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=10
    )
    if config.get("SMTP_STARTTLS"):
        smtp.starttls()
    if config.get("SMTP_USER"):
        smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    return smtp


def deliver_queued(
    session: Session,
    config: Mapping[str, Any],
    *,
    redact: Iterable[str] = (),
) -> int:
    """Send queued messages over SMTP; return how many were sent.

    Strings in ``redact`` (signing links) are removed from the stored copy once the
    message has gone, so the database never keeps a usable link.
    """
    if not smtp_configured(config):
        return 0
    rows = list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == MessageStatus.QUEUED)
        )
    )
    if not rows:
        return 0
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as exc:
        for row in rows:
            row.attempts += 1
            row.error = f"connect: {type(exc).__name__}"[:255]
        session.flush()
        return 0
    with smtp:
        sent = _send_each(smtp, rows, config.get("MAIL_FROM", ""), redact)
    session.flush()
    return sent


def _send_each(
    smtp: smtplib.SMTP, rows: list[OutboxMessage], sender: str, redact: Iterable[str]
) -> int:
    """Send each row on one connection, recording its outcome; return how many went."""
    secrets = [s for s in redact if s]
    sent = 0
    for row in rows:
        row.attempts += 1
        try:
            smtp.send_message(_message(row, sender))
        except smtplib.SMTPException as exc:
            row.status, row.error = MessageStatus.FAILED.value, type(exc).__name__
            continue
        row.status, row.sent_at, row.error = MessageStatus.SENT.value, utcnow(), None
        for secret in secrets:
            row.body = row.body.replace(secret, REDACTED)
        sent += 1
    return sent

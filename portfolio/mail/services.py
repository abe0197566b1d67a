"""Write mail to the outbox; deliver queued mail over SMTP when configured."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.mail.models import OutboxMessage
from portfolio.core.time import utcnow

REDACTED = "[link removed after delivery]"
_QUEUED = "mail_queued"  # session.info flag: this transaction queued mail


def _smtp_configured(config: Mapping[str, Any] | None) -> bool:
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

    Delivery happens after the caller commits (``deliver_queued``), so a rolled-back
    request never sends mail about rows that do not exist.
    """
    if config is None:
        from flask import current_app

        config = current_app.config
    row = OutboxMessage(
        to_addr=to.strip(),
        subject=" ".join(subject.split())[:200],
        body=text,
        status="queued" if _smtp_configured(config) else "stored",
    )
    session.add(row)
    session.flush()
    if row.status == "queued":
        session.info[_QUEUED] = True
    return row


def deliver_after_commit() -> None:
    """The request edge's hook: send what this request queued, record the outcome."""
    from flask import current_app

    from portfolio.extensions import db

    if not db.session.info.pop(_QUEUED, False):
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
    if not _smtp_configured(config):
        return 0
    rows = list(
        session.scalars(select(OutboxMessage).where(OutboxMessage.status == "queued"))
    )
    if not rows:
        return 0
    sent = 0
    secrets = [s for s in redact if s]
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as exc:
        for row in rows:
            row.attempts += 1
            row.error = f"connect: {type(exc).__name__}"[:255]
        session.flush()
        return 0
    with smtp:
        for row in rows:
            row.attempts += 1
            try:
                smtp.send_message(_message(row, config.get("MAIL_FROM", "")))
            except smtplib.SMTPException as exc:
                row.status, row.error = "failed", type(exc).__name__
                continue
            row.status, row.sent_at, row.error = "sent", utcnow(), None
            for secret in secrets:
                row.body = row.body.replace(secret, REDACTED)
            sent += 1
    session.flush()
    return sent


def list_outbox(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """The newest messages first."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(session.scalars(stmt))

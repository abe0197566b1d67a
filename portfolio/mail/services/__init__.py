"""Outgoing mail: write to the outbox (``send_mail``), deliver after the commit."""

from portfolio.mail.domain.status import REDACTED
from portfolio.mail.services.delivery import deliver_after_commit, deliver_queued
from portfolio.mail.services.outbox import list_outbox, send_mail

__all__ = [
    "REDACTED",
    "deliver_after_commit",
    "deliver_queued",
    "list_outbox",
    "send_mail",
]

"""Where an outbox message is: written, waiting for SMTP, sent or failed."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    """The life of one outbox message."""

    STORED = "stored"  # written only to the outbox: no SMTP host is configured
    QUEUED = "queued"  # waiting to be sent once the request has committed
    SENT = "sent"
    FAILED = "failed"


# What replaces a signing link in the stored copy once the message has gone.
REDACTED = "[link removed after delivery]"

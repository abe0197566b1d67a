"""Domain errors shared by every feature, and their HTTP handlers."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an operation; the message is safe to show."""


class NotFoundError(DomainError):
    """The object does not exist or the actor may not see it (always a 404)."""


class ValidationError(DomainError):
    """Input was malformed; ``field`` names the offending field when known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        """Keep the message to show and the name of the field it is about."""
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """The object changed since it was read, or is locked (a 409)."""

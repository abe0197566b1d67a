"""Errors raised by the simulator domain."""

from __future__ import annotations

from portfolio.errors import DomainError, ValidationError

__all__ = ["DomainError", "SeedDataError", "ValidationError"]


class SeedDataError(ValidationError):
    """The company seed data (policy, catalogue, CRM, questions) is malformed."""

"""Marshmallow fields every API schema shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import fields

from portfolio.core.time import as_utc


class UtcDateTime(fields.DateTime):
    """An RFC 3339 date-time with its offset (SQLite returns naive UTC values)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        """Attach UTC to a naive value before writing it."""
        if isinstance(value, datetime):
            value = as_utc(value)
        return super()._serialize(value, attr, obj, **kwargs)

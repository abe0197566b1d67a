"""Marshmallow schemas of the exports API."""

from __future__ import annotations

from marshmallow import Schema, fields

from portfolio.core.api_fields import UtcDateTime


class ExportOutSchema(Schema):
    """An export's progress and, once done, where to download it."""

    id = fields.Str()
    learner_id = fields.Int()
    status = fields.Str()
    progress = fields.Int()
    pages = fields.Int(allow_none=True)
    size_bytes = fields.Int(allow_none=True)
    sha256 = fields.Str(allow_none=True)
    created_at = UtcDateTime()
    finished_at = UtcDateTime(allow_none=True)
    download_url = fields.Str(allow_none=True)
    verify_url = fields.Str(allow_none=True)


class ExportListSchema(Schema):
    """A learner's newest exports (up to 20)."""

    items = fields.List(fields.Nested(ExportOutSchema))

"""Marshmallow schemas of the framework API."""

from __future__ import annotations

from marshmallow import Schema, fields


class CriterionOutSchema(Schema):
    """One assessment criterion of a unit."""

    code = fields.Str()
    kind = fields.Str()
    text = fields.Str()
    guidance = fields.Str()
    order_type = fields.Str(allow_none=True)


class UnitOutSchema(Schema):
    """A qualification unit with its criteria in order."""

    id = fields.Int()
    code = fields.Str()
    title = fields.Str()
    summary = fields.Str()
    criteria = fields.List(fields.Nested(CriterionOutSchema))


class UnitListSchema(Schema):
    """Every unit loaded."""

    items = fields.List(fields.Nested(UnitOutSchema))

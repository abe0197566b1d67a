"""Marshmallow schemas of the testimony-request API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES


class TestimonyRequestInSchema(Schema):
    """What the learner asks a workplace witness to confirm."""

    witness_name = fields.Str(required=True, validate=validate.Length(max=200))
    witness_email = fields.Str(required=True, validate=validate.Length(max=254))
    witness_job_title = fields.Str(required=True, validate=validate.Length(max=200))
    relationship = fields.Str(required=True, validate=validate.Length(max=200))
    witnessed = fields.Str(required=True, validate=validate.Length(max=5000))
    date_from = fields.Date(load_default=None)
    date_to = fields.Date(load_default=None)
    criteria = fields.List(
        fields.Str(validate=validate.Length(min=1, max=20)),
        required=True,
        validate=validate.Length(max=100),
    )
    draft_statement = fields.Str(load_default="", validate=validate.Length(max=5000))
    order_type = fields.Str(
        load_default=None, allow_none=True, validate=validate.OneOf(ORDER_TYPE_VALUES)
    )


class TestimonyRequestOutSchema(Schema):
    """A testimony request's state (signing stays the witness's act)."""

    item_id = fields.Int()
    state = fields.Str()
    witness_name = fields.Str()
    witness_email = fields.Str()
    item_status = fields.Str()
    links_sent = fields.Int()

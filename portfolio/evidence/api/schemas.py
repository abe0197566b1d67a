"""Marshmallow schemas of the evidence API: what it reads and what it answers."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from portfolio.core.api_fields import UtcDateTime
from portfolio.evidence.domain.details import JUSTIFICATION_MAX
from portfolio.evidence.domain.kinds import ITEM_KINDS, WRITTEN_KINDS, Context
from portfolio.evidence.domain.workflow import Status
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES


class EvidenceClaimSchema(Schema):
    """One criterion claimed, with the learner's one-line justification."""

    criterion = fields.Str(required=True, validate=validate.Length(min=1, max=20))
    justification = fields.Str(
        required=True, validate=validate.Length(min=1, max=JUSTIFICATION_MAX)
    )


class EvidenceTestimonyOutSchema(Schema):
    """A testimony's state and integrity."""

    state = fields.Str()
    witness_name = fields.Str()
    witness_job_title = fields.Str()
    signed_at = UtcDateTime(allow_none=True)
    signer_name = fields.Str(allow_none=True)
    statement = fields.Str(allow_none=True)
    content_sha256 = fields.Str(allow_none=True)
    tampered = fields.Bool()


class EvidenceVersionOutSchema(Schema):
    """One version of an item."""

    number = fields.Int()
    title = fields.Str()
    evidence_date = fields.Date()
    submitted_at = UtcDateTime(allow_none=True)
    file_name = fields.Str(allow_none=True)
    media_type = fields.Str(allow_none=True)
    file_size = fields.Int(allow_none=True)
    file_sha256 = fields.Str(allow_none=True)


class EvidenceItemOutSchema(Schema):
    """An evidence item with its current version and claims."""

    id = fields.Int()
    learner_id = fields.Int()
    kind = fields.Str()
    status = fields.Str()
    context = fields.Str()
    order_type = fields.Str(allow_none=True)
    version = fields.Int()
    title = fields.Str()
    evidence_date = fields.Date()
    claims = fields.List(fields.Nested(EvidenceClaimSchema))
    tampered = fields.Bool()
    testimony = fields.Nested(EvidenceTestimonyOutSchema, allow_none=True)
    versions = fields.List(fields.Nested(EvidenceVersionOutSchema))


class EvidenceItemPageSchema(Schema):
    """One page of items."""

    items = fields.List(fields.Nested(EvidenceItemOutSchema))
    total = fields.Int()
    page = fields.Int()
    per_page = fields.Int()


class EvidenceListArgsSchema(Schema):
    """Filters for the list."""

    learner_id = fields.Int()
    kind = fields.Str(validate=validate.OneOf([k.value for k in ITEM_KINDS]))
    status = fields.Str(validate=validate.OneOf([s.value for s in Status]))
    page = fields.Int(load_default=1, validate=validate.Range(min=1))


class EvidenceDetailsSchema(Schema):
    """Fields every new item has."""

    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    evidence_date = fields.Date(required=True)
    context = fields.Str(
        required=True, validate=validate.OneOf([c.value for c in Context])
    )
    order_type = fields.Str(allow_none=True, validate=validate.OneOf(ORDER_TYPE_VALUES))


class EvidenceReflectionSchema(Schema):
    """The four reflection prompts."""

    what_happened = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    decisions = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    procedure = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    differently = fields.Str(required=True, validate=validate.Length(min=1, max=5000))


class EvidenceItemCreateSchema(EvidenceDetailsSchema):
    """A new reflection, professional discussion record or observation."""

    kind = fields.Str(
        required=True,
        validate=validate.OneOf([k.value for k in WRITTEN_KINDS]),
    )
    body = fields.Str(load_default="", validate=validate.Length(max=5000))
    reflection = fields.Nested(EvidenceReflectionSchema)


class EvidenceUploadSchema(EvidenceDetailsSchema):
    """Form fields that come with an uploaded file."""

    description = fields.Str(load_default="", validate=validate.Length(max=5000))


class EvidenceFileSchema(Schema):
    """The uploaded file."""

    file = Upload(required=True)


class EvidenceClaimsSchema(Schema):
    """The whole mapping of an item (replaces the current one)."""

    claims = fields.List(fields.Nested(EvidenceClaimSchema), required=True)

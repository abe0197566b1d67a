"""Marshmallow schemas of the assessment API: what it reads and what it answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portfolio.assessment.domain.judging import ACTIONS_MAX, FEEDBACK_MAX, Decision
from portfolio.assessment.domain.judging import Outcome as JudgingOutcome
from portfolio.assessment.domain.sampling import VERDICTS
from portfolio.core.api_fields import UtcDateTime

PAGE_FIELDS = {"total": fields.Int(), "page": fields.Int(), "per_page": fields.Int()}


class PageArgsSchema(Schema):
    """The page of a long list (1-based)."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100000))


class CaseloadRowSchema(Schema):
    """One learner on the caseload with progress against plan."""

    learner_id = fields.Int()
    learner_name = fields.Str()
    cohort = fields.Str(allow_none=True)
    achieved = fields.Int()
    of = fields.Int()
    waiting = fields.Int()
    last_activity = UtcDateTime(allow_none=True)
    days_since = fields.Int(allow_none=True)
    rag = fields.Str()
    overdue = fields.Int()
    oldest_days = fields.Int(allow_none=True)


class CaseloadSchema(Schema):
    """The assessor's whole caseload."""

    items = fields.List(fields.Nested(CaseloadRowSchema))


class QueueItemSchema(Schema):
    """A submitted item waiting for a decision."""

    id = fields.Int()
    learner_id = fields.Int()
    learner_name = fields.Str()
    kind = fields.Str()
    title = fields.Str()
    version = fields.Int()
    lock_version = fields.Int()
    submitted_at = UtcDateTime(allow_none=True)
    claims = fields.List(fields.Str())


QueuePageSchema = Schema.from_dict(
    {"items": fields.List(fields.Nested(QueueItemSchema)), **PAGE_FIELDS},
    name="QueuePageSchema",
)


class JudgementOutSchema(Schema):
    """One criterion's decision on one version."""

    criterion = fields.Str()
    decision = fields.Str()
    feedback = fields.Str()
    claimed = fields.Bool()


class DecisionOutSchema(Schema):
    """An assessor's decision on a version of an item."""

    id = fields.Int()
    item_id = fields.Int()
    version_number = fields.Int()
    assessor_id = fields.Int(allow_none=True)
    outcome = fields.Str()
    actions = fields.Str()
    created_at = UtcDateTime()
    reopened_at = UtcDateTime(allow_none=True)
    sampled = fields.Bool()
    judgements = fields.List(fields.Nested(JudgementOutSchema))


class ItemDecisionsSchema(Schema):
    """An item's state with its decision history, newest first."""

    id = fields.Int()
    learner_id = fields.Int()
    status = fields.Str()
    version = fields.Int()
    lock_version = fields.Int()
    decisions = fields.List(fields.Nested(DecisionOutSchema))


class JudgementInSchema(Schema):
    """The decision on one criterion."""

    criterion = fields.Str(required=True, validate=validate.Length(min=1, max=20))
    decision = fields.Str(
        required=True, validate=validate.OneOf([d.value for d in Decision])
    )
    feedback = fields.Str(load_default="", validate=validate.Length(max=FEEDBACK_MAX))


class DecisionInSchema(Schema):
    """Accept or return an item with a decision per criterion."""

    judgements = fields.List(
        fields.Nested(JudgementInSchema),
        required=True,
        validate=validate.Length(min=1, max=100),
    )
    outcome = fields.Str(
        required=True, validate=validate.OneOf([o.value for o in JudgingOutcome])
    )
    actions = fields.Str(load_default="", validate=validate.Length(max=ACTIONS_MAX))
    expected_version = fields.Int(
        required=True, validate=validate.Range(min=1, max=2**31 - 1)
    )


class DiscussionOutSchema(Schema):
    """A professional discussion record."""

    id = fields.Int()
    learner_id = fields.Int()
    assessor_id = fields.Int(allow_none=True)
    held_on = fields.Date()
    duration_minutes = fields.Int()
    questions = fields.Str()
    answers = fields.Str()
    criteria = fields.List(fields.Str())
    audio_sha256 = fields.Str(allow_none=True)


class DiscussionListSchema(Schema):
    """A learner's discussions."""

    items = fields.List(fields.Nested(DiscussionOutSchema))


class DiscussionInSchema(Schema):
    """A discussion record without a recording (upload audio on the web page)."""

    held_on = fields.Date(required=True)
    duration_minutes = fields.Int(
        required=True, validate=validate.Range(min=1, max=600)
    )
    questions = fields.Str(required=True, validate=validate.Length(min=1, max=20000))
    answers = fields.Str(required=True, validate=validate.Length(min=1, max=20000))
    criteria = fields.List(
        fields.Str(validate=validate.Length(min=1, max=20)),
        required=True,
        validate=validate.Length(min=1, max=100),
    )


class SignOffOutSchema(Schema):
    """A unit sign-off and its lock."""

    id = fields.Int()
    learner_id = fields.Int()
    unit_id = fields.Int()
    state = fields.Str()
    assessor_id = fields.Int(allow_none=True)
    assessor_signed_at = UtcDateTime()
    learner_signed_at = UtcDateTime(allow_none=True)
    locked_at = UtcDateTime(allow_none=True)
    unlocked_at = UtcDateTime(allow_none=True)
    unlock_reason = fields.Str(allow_none=True)


class SignOffListSchema(Schema):
    """A learner's sign-offs, newest first."""

    items = fields.List(fields.Nested(SignOffOutSchema))


class DeclarationInSchema(Schema):
    """The declaration must be ticked."""

    declared = fields.Bool(required=True)


class UnlockInSchema(Schema):
    """Why a signed-off portfolio is unlocked."""

    reason = fields.Str(required=True, validate=validate.Length(max=2000))


class SampleOutSchema(Schema):
    """A sampled decision and the IQA's verdict."""

    id = fields.Int()
    decision_id = fields.Int()
    item_id = fields.Int()
    learner_id = fields.Int()
    assessor_id = fields.Int(allow_none=True)
    state = fields.Str()
    feedback = fields.Str()
    selected_at = UtcDateTime()
    decided_at = UtcDateTime(allow_none=True)
    lock_version = fields.Int()


SamplePageSchema = Schema.from_dict(
    {"items": fields.List(fields.Nested(SampleOutSchema)), **PAGE_FIELDS},
    name="SamplePageSchema",
)


class SampleDecisionInSchema(Schema):
    """The IQA's verdict on a sample."""

    action = fields.Str(required=True, validate=validate.OneOf(VERDICTS))
    feedback = fields.Str(load_default="", validate=validate.Length(max=FEEDBACK_MAX))
    expected_version = fields.Int(
        required=True, validate=validate.Range(min=1, max=2**31 - 1)
    )

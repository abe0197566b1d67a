"""Marshmallow schemas of the simulator API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator.services import DIFFICULTIES, MAX_SEED


class RunCreateSchema(Schema):
    """What scenario to practise."""

    scenario_type = fields.Str(
        required=True, validate=validate.OneOf(ORDER_TYPE_VALUES)
    )
    difficulty = fields.Str(required=True, validate=validate.OneOf(DIFFICULTIES))
    seed = fields.Int(validate=validate.Range(0, MAX_SEED))
    complications = fields.List(fields.Str(), validate=validate.Length(max=10))


class ActionSchema(Schema):
    """One learner action."""

    kind = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    params = fields.Dict(keys=fields.Str(), load_default=dict)
    expected_version = fields.Int()


class EntrySchema(Schema):
    """One entry of the action log."""

    seq = fields.Int()
    sim_time = fields.Int()
    kind = fields.Str()
    params = fields.Dict()
    accepted = fields.Bool()
    reasons = fields.List(fields.Str())
    warnings = fields.List(fields.Raw())
    outcome = fields.Dict()


class RunSummarySchema(Schema):
    """A run in a list."""

    id = fields.Int()
    learner_id = fields.Int()
    scenario_type = fields.Str()
    difficulty = fields.Str()
    seed = fields.Int()
    status = fields.Str()
    order_state = fields.Str()
    action_count = fields.Int()
    version = fields.Int()
    criteria_met = fields.Int(allow_none=True)
    all_met = fields.Bool(allow_none=True)
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class RunSchema(RunSummarySchema):
    """A run and what the learner can see of it."""

    view = fields.Dict(metadata={"description": "brief, order, clock, inbox"})
    available_actions = fields.List(fields.Dict())


class ActionResultSchema(Schema):
    """The log entry an action produced and the run afterwards."""

    entry = fields.Nested(EntrySchema)
    run = fields.Nested(RunSchema)

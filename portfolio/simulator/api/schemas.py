"""Marshmallow schemas of the simulator API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portfolio.core.api_fields import UtcDateTime
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator.domain import COMPLICATION_IDS, RUN_MODE_VALUES
from portfolio.simulator.services import DIFFICULTIES, MAX_SEED


class RunCreateSchema(Schema):
    """What scenario to practise."""

    scenario_type = fields.Str(
        required=True, validate=validate.OneOf(ORDER_TYPE_VALUES)
    )
    difficulty = fields.Str(required=True, validate=validate.OneOf(DIFFICULTIES))
    seed = fields.Int(validate=validate.Range(0, MAX_SEED))
    complications = fields.List(
        fields.Str(validate=validate.OneOf(COMPLICATION_IDS)),
        validate=validate.Length(max=10),
        metadata={
            "description": "Complications to include, by id (see "
            "GET /api/v1/scenarios/options: complication_details). Omit to draw "
            "by difficulty; an empty list gives a clean order with none. Ids: "
            + ", ".join(COMPLICATION_IDS)
        },
    )
    mode = fields.Str(
        validate=validate.OneOf(RUN_MODE_VALUES),
        metadata={
            "description": "assessment: the system refuses only what a real order "
            "system refuses (account on stop, discontinued or unknown code, pack "
            "rules, credit control) and every other step is yours; practice "
            "(default): guided, each refusal with a coaching hint."
        },
    )


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
    mode = fields.Str()
    status = fields.Str()
    order_state = fields.Str()
    action_count = fields.Int()
    version = fields.Int()
    criteria_met = fields.Int(allow_none=True)
    all_met = fields.Bool(allow_none=True)
    started_at = UtcDateTime()
    finished_at = UtcDateTime(allow_none=True)


class RunSchema(RunSummarySchema):
    """A run and what the learner can see of it."""

    view = fields.Dict(metadata={"description": "brief, order, clock, inbox"})
    available_actions = fields.List(fields.Dict())


class ActionResultSchema(Schema):
    """The log entry an action produced and the run afterwards."""

    entry = fields.Nested(EntrySchema)
    run = fields.Nested(RunSchema)


class ScenarioOptionsSchema(Schema):
    """What a run can be started with, and every action kind with its parameters."""

    types = fields.List(fields.Str())
    difficulties = fields.List(fields.Str())
    complications = fields.List(fields.Str())
    complication_details = fields.List(fields.Dict())
    modes = fields.List(fields.Str())
    actions = fields.List(fields.Dict())

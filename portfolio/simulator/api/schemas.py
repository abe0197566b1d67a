"""Marshmallow schemas of the simulator API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from portfolio.core.api_fields import UtcDateTime
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator.domain import COMPLICATION_IDS, RUN_MODE_VALUES
from portfolio.simulator.domain.engine import action_kinds as engine_kinds
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

    kind = fields.Str(
        required=True,
        validate=validate.OneOf(tuple(engine_kinds.ACTION_KINDS)),
        metadata={
            "description": "the action kind; GET /scenarios/options lists each "
            "kind's parameters"
        },
    )
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


class DocumentLineSchema(Schema):
    """One product line of a lifecycle document."""

    code = fields.Str()
    description = fields.Str()
    qty = fields.Int()


class DocumentDataSchema(Schema):
    """What a lifecycle document says."""

    number = fields.Str(metadata={"description": "e.g. DN-0001, BO-0001, DR-0001"})
    order_ref = fields.Str(metadata={"description": "the sales-order number"})
    issued = fields.Str()
    lines = fields.List(fields.Nested(DocumentLineSchema))
    picked = fields.Str()
    dispatched = fields.Str()
    expected = fields.Str(allow_none=True, metadata={"description": "ISO date"})
    amount = fields.Str(allow_none=True, metadata={"description": "pounds"})
    note = fields.Str()


class DocumentSchema(Schema):
    """A delivery note, backorder, deposit request, credit note or returns note."""

    kind = fields.Str(
        validate=validate.OneOf(
            (
                "delivery_note",
                "backorder",
                "deposit_request",
                "credit_note",
                "returns_authorisation",
            )
        )
    )
    title = fields.Str()
    criteria = fields.List(
        fields.Str(), metadata={"description": "marking points it can evidence"}
    )
    data = fields.Nested(DocumentDataSchema)


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
    documents = fields.List(fields.Nested(DocumentSchema))
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

"""Simulator JSON API: start runs, act, read the log, debrief, answer key, tasks."""

from __future__ import annotations

import json

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from portfolio.core.access import SIGNED_IN
from portfolio.auth.models import Role
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import presenters, services

blp = Blueprint(
    "api_simulator",
    __name__,
    url_prefix="/api/v1",
    description="The order-processing simulator",
)
LEARNER = frozenset({Role.LEARNER})
STAFF = frozenset({Role.ASSESSOR, Role.ADMIN})


class RunCreateSchema(Schema):
    """What scenario to practise."""

    scenario_type = fields.Str(required=True, validate=validate.OneOf(services.TYPES))
    difficulty = fields.Str(
        required=True, validate=validate.OneOf(services.DIFFICULTIES)
    )
    seed = fields.Int(validate=validate.Range(0, services.MAX_SEED))
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


def _run_payload(run) -> dict:  # type: ignore[no-untyped-def]
    """The API view of a run."""
    loaded = services.load(db.session, run)
    return {
        **{k: getattr(run, k) for k in RunSchema().fields if hasattr(run, k)},
        "view": presenters.learner_view(loaded),
        "available_actions": presenters.action_options(loaded),
    }


@blp.route("/scenarios/options")
class ScenarioOptions(MethodView):
    """Scenario types, difficulties, complications and action kinds."""

    _access = SIGNED_IN

    def get(self):  # type: ignore[no-untyped-def]
        """List what a run can be started with and every action kind."""
        return {
            "types": list(services.TYPES),
            "difficulties": list(services.DIFFICULTIES),
            "complications": list(engine.COMPLICATIONS),
            "actions": engine.action_catalogue(),
        }


@blp.route("/runs")
class Runs(MethodView):
    """The learner's runs."""

    _access = LEARNER

    @blp.response(200, RunSummarySchema(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """List your runs, newest first (first 100)."""
        rows, _ = services.list_runs(
            db.session, learner_id=current_user.id, per_page=100
        )
        return rows

    @blp.arguments(RunCreateSchema)
    @blp.response(201, RunSchema)
    def post(self, args):  # type: ignore[no-untyped-def]
        """Start a scenario (a random seed unless you give one)."""
        run = services.start_run(db.session, actor=current_user, **args)
        db.session.commit()
        return _run_payload(run)


@blp.route("/runs/<int:run_id>")
class RunDetail(MethodView):
    """One run."""

    _access = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})

    @blp.response(200, RunSchema)
    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """The run's brief, order, clock, inbox and the actions allowed now."""
        return _run_payload(services.get_run(db.session, run_id, actor=current_user))


@blp.route("/runs/<int:run_id>/actions")
class RunActions(MethodView):
    """The run's action log."""

    _access = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})

    @blp.response(200, EntrySchema(many=True))
    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """Every action so far, refused attempts included."""
        run = services.get_run(db.session, run_id, actor=current_user)
        return [presenters.entry_dict(a) for a in services.run_log(db.session, run)]

    @blp.arguments(ActionSchema)
    @blp.response(201, ActionResultSchema)
    def post(self, args, run_id: int):  # type: ignore[no-untyped-def]
        """Take an action (see /scenarios/options for kinds and parameters)."""
        entry = services.act(
            db.session,
            run_id,
            actor=current_user,
            kind=args["kind"],
            params=args["params"],
            expected_version=args.get("expected_version"),
        )
        db.session.commit()
        run = services.get_run(db.session, run_id, actor=current_user)
        return {"entry": presenters.engine_entry_dict(entry), "run": _run_payload(run)}


@blp.route("/runs/<int:run_id>/debrief")
class RunDebrief(MethodView):
    """Score and findings of a finished run."""

    _access = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})

    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """Marking points met, findings, KPIs and the model answer."""
        return services.debrief(db.session, run_id, actor=current_user)


@blp.route("/runs/<int:run_id>/answer-key")
class RunAnswerKey(MethodView):
    """The hidden truth: assessors and admins only."""

    _access = STAFF

    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """The correct order, required approvals and follow-ups."""
        return json.loads(
            json.dumps(
                services.answer_key(db.session, run_id, actor=current_user), default=str
            )
        )

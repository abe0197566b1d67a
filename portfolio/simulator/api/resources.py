"""Simulator JSON API: start runs, act, read the log, debrief, answer key."""

from __future__ import annotations

import json
from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from portfolio.core.access import SIGNED_IN
from portfolio.core.roles import Role
from portfolio.extensions import db
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.api.schemas import (
    ActionResultSchema,
    ActionSchema,
    DocumentSchema,
    EntrySchema,
    RunCreateSchema,
    RunSchema,
    RunSummarySchema,
    ScenarioOptionsSchema,
)
from portfolio.simulator.domain.serial import to_plain
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.learner_view import action_options, learner_view
from portfolio.simulator.services.portfolio import lifecycle_documents

blp = Blueprint(
    "api_simulator",
    __name__,
    url_prefix="/api/v1",
    description="The order-processing simulator",
)
LEARNER = frozenset({Role.LEARNER})
VIEWERS = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})
STAFF = frozenset({Role.ASSESSOR, Role.ADMIN})
Payload = dict[str, Any]


def _run_payload(run: SimulationRun) -> Payload:
    """The API view of a run."""
    loaded = services.load_run(db.session, run)
    return {
        **{k: getattr(run, k) for k in RunSchema().fields if hasattr(run, k)},
        "view": learner_view(loaded),
        "documents": lifecycle_documents(loaded),
        "available_actions": action_options(loaded),
    }


@blp.route("/scenarios/options")
class ScenarioOptions(MethodView):
    """Scenario types, difficulties, complications and action kinds."""

    _access = SIGNED_IN

    @blp.response(200, ScenarioOptionsSchema)
    def get(self) -> Payload:
        """List what a run can be started with and every action kind."""
        return {
            "types": list(ORDER_TYPE_VALUES),
            "difficulties": list(services.DIFFICULTIES),
            "complications": list(engine.COMPLICATIONS),
            "complication_details": [
                {"id": c.id, "title": c.title, "tier": c.tier}
                for c in engine.COMPLICATION_DEFS
            ],
            "modes": list(engine.RUN_MODE_VALUES),
            "actions": engine.action_catalogue(),
        }


@blp.route("/runs")
class Runs(MethodView):
    """The learner's runs."""

    _access = LEARNER

    @blp.response(200, RunSummarySchema(many=True))
    def get(self) -> list[SimulationRun]:
        """List your runs, newest first (first 100)."""
        rows, _ = services.list_runs(
            db.session, learner_id=current_user.id, per_page=100
        )
        return rows

    @blp.arguments(RunCreateSchema)
    @blp.response(201, RunSchema)
    def post(self, args: Payload) -> Payload:
        """Start a scenario (a random seed unless you give one)."""
        run = services.start_run(db.session, actor=current_user, **args)
        return _run_payload(run)


@blp.route("/runs/<int:run_id>")
class RunDetail(MethodView):
    """One run."""

    _access = VIEWERS

    @blp.response(200, RunSchema)
    def get(self, run_id: int) -> Payload:
        """The run's brief, order, clock, inbox and the actions allowed now."""
        return _run_payload(services.get_run(db.session, run_id, actor=current_user))


@blp.route("/runs/<int:run_id>/actions")
class RunActions(MethodView):
    """The run's action log."""

    _access = VIEWERS

    @blp.response(200, EntrySchema(many=True))
    def get(self, run_id: int) -> list[Payload]:
        """Every action so far, refused attempts included."""
        run = services.get_run(db.session, run_id, actor=current_user)
        return [to_plain(e) for e in services.load_run(db.session, run).state.log]

    @blp.arguments(ActionSchema)
    @blp.response(201, ActionResultSchema)
    def post(self, args: Payload, run_id: int) -> Payload:
        """Take an action (see /scenarios/options for kinds and parameters)."""
        entry = services.take_action(
            db.session,
            run_id,
            actor=current_user,
            kind=args["kind"],
            params=args["params"],
            expected_version=args.get("expected_version"),
        )
        run = services.get_run(db.session, run_id, actor=current_user)
        return {"entry": to_plain(entry), "run": _run_payload(run)}


@blp.route("/runs/<int:run_id>/documents")
class RunDocuments(MethodView):
    """The order's lifecycle documents: delivery notes, backorders, deposits."""

    _access = VIEWERS

    @blp.response(200, DocumentSchema(many=True))
    def get(self, run_id: int) -> list[Payload]:
        """Every document raised so far, numbered per kind in the order raised."""
        run = services.get_run(db.session, run_id, actor=current_user)
        return lifecycle_documents(services.load_run(db.session, run))


@blp.route("/runs/<int:run_id>/debrief")
class RunDebrief(MethodView):
    """Score and findings of a finished run."""

    _access = VIEWERS

    def get(self, run_id: int) -> Payload:
        """Marking points met, findings, KPIs and the model answer."""
        debrief = services.get_debrief(db.session, run_id, actor=current_user)
        return {
            "score": debrief.score,
            "kpis": debrief.kpis,
            "model_answer": debrief.model_answer,
            "mode": debrief.mode,
            "satisfaction": debrief.satisfaction,
            "consequences": debrief.consequences,
        }


@blp.route("/runs/<int:run_id>/answer-key")
class RunAnswerKey(MethodView):
    """The hidden truth: assessors and admins only."""

    _access = STAFF

    def get(self, run_id: int) -> Any:
        """The correct order, required approvals and follow-ups."""
        key = services.get_answer_key(db.session, run_id, actor=current_user)
        plain = {"truth": key.truth, "model_answer": key.model_answer}
        return json.loads(json.dumps(plain, default=str))

"""Assessment in the JSON API: caseload, queue, judging, discussions, sign-off, IQA.

Every resource calls the same service as the web page, so scope (another learner's
object is a 404), segregation of duties, locking and the audit trail are the
service's; the request edge commits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from portfolio.assessment import services
from portfolio.assessment.api import presenters as out
from portfolio.assessment.api import schemas
from portfolio.assessment.views._shared import base_url
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.errors import ValidationError
from portfolio.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

blp = Blueprint(
    "api_assessment",
    __name__,
    url_prefix="/api/v1/assessment",
    description="Caseload, evidence queue, judging, discussions, sign-off and IQA",
)
ASSESSOR = frozenset({Role.ASSESSOR})
STAFF = frozenset({Role.ASSESSOR, Role.IQA, Role.ADMIN})
IQA = frozenset({Role.IQA, Role.ADMIN})
READERS = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})
PER_PAGE = 25


def only(*allowed: Role) -> Callable[[F], F]:
    """Refuse (404, as the web page would) before the body is even parsed."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*allowed):
                abort(404)
            return method(*args, **kwargs)

        return wrapper  # type: ignore[return-value]  # same signature

    return decorate


def _api_field(field: str | None) -> str | None:
    """The web form's criterion fields (d_K1, f_K1, criteria) are ``judgements``."""
    if field and (field[:2] in ("d_", "f_") or field == "criteria"):
        return "judgements"
    return field


@blp.route("/caseload")
class Caseload(MethodView):
    """The assessor's learners with progress against plan."""

    _access = ASSESSOR

    @blp.response(200, schemas.CaseloadSchema)
    def get(self) -> dict[str, Any]:
        """Every learner the token's owner assesses."""
        rows = services.caseload(db.session, actor=current_user, today=utcnow().date())
        return {"items": [out.caseload_row(r) for r in rows]}


@blp.route("/queue")
class Queue(MethodView):
    """Submitted evidence across the caseload, oldest submission first."""

    _access = ASSESSOR

    @blp.arguments(schemas.PageArgsSchema, location="query")
    @blp.response(200, schemas.QueuePageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """One page of the queue, 25 a page."""
        items, total = services.evidence_queue(
            db.session, actor=current_user, page=args["page"], per_page=PER_PAGE
        )
        rows = [out.queue_item(i) for i in items]
        return out.page(rows, total, args["page"], PER_PAGE)


@blp.route("/items/<int:item_id>")
class ItemDecisions(MethodView):
    """An item's status and decision history (the learner's own, or in scope)."""

    _access = READERS

    @blp.response(200, schemas.ItemDecisionsSchema)
    def get(self, item_id: int) -> dict[str, Any]:
        """The item with every decision on it, newest first."""
        view = services.item_view(
            db.session, item_id, actor=current_user, judging=False
        )
        return out.item_decisions(view)


@blp.route("/items/<int:item_id>/decision")
class Decide(MethodView):
    """Accept or return a submitted item with a decision per criterion."""

    _access = ASSESSOR

    @blp.arguments(schemas.DecisionInSchema)
    @blp.response(201, schemas.DecisionOutSchema)
    def post(self, args: dict[str, Any], item_id: int) -> dict[str, Any]:
        """Record the decision; 409 when the item changed since ``expected_version``."""
        rows = [
            (j["criterion"], j["decision"], j["feedback"]) for j in args["judgements"]
        ]
        try:
            decision = services.judge_item(
                db.session,
                item_id,
                actor=current_user,
                rows=rows,
                outcome=args["outcome"],
                actions=args["actions"],
                expected_version=args["expected_version"],
                base_url=base_url(),
            )
        except ValidationError as exc:
            raise ValidationError(str(exc), _api_field(exc.field)) from exc
        return out.decision(decision)


@blp.route("/learners/<int:learner_id>/discussions")
class Discussions(MethodView):
    """A learner's professional discussion records."""

    _access = STAFF

    @blp.response(200, schemas.DiscussionListSchema)
    def get(self, learner_id: int) -> dict[str, Any]:
        """Every discussion with the learner, in scope only."""
        services.require_reader_of(db.session, current_user, learner_id)
        rows = services.discussions_of(db.session, learner_id)
        return {"items": [out.discussion(d) for d in rows]}

    @only(Role.ASSESSOR)
    @blp.arguments(schemas.DiscussionInSchema)
    @blp.response(201, schemas.DiscussionOutSchema)
    def post(self, args: dict[str, Any], learner_id: int) -> dict[str, Any]:
        """Record a discussion (the learner's assessor only)."""
        record = services.DiscussionRecord(
            args["held_on"],
            args["duration_minutes"],
            args["questions"],
            args["answers"],
            tuple(args["criteria"]),
        )
        row = services.record_discussion(
            db.session, learner_id, record, actor=current_user
        )
        return out.discussion(row)


@blp.route("/learners/<int:learner_id>/sign-offs")
class SignOffs(MethodView):
    """A learner's unit sign-offs and the lock."""

    _access = STAFF

    @blp.response(200, schemas.SignOffListSchema)
    def get(self, learner_id: int) -> dict[str, Any]:
        """Every sign-off, newest first, in scope only."""
        services.require_reader_of(db.session, current_user, learner_id)
        rows = services.sign_offs_of(db.session, learner_id)
        return {"items": [out.sign_off(r) for r in rows]}


@blp.route("/learners/<int:learner_id>/sign-off")
class SignOff(MethodView):
    """The assessor's sign-off of the unit."""

    _access = ASSESSOR

    @blp.arguments(schemas.DeclarationInSchema)
    @blp.response(201, schemas.SignOffOutSchema)
    def post(self, args: dict[str, Any], learner_id: int) -> dict[str, Any]:
        """The assessor signs off the unit; the learner declares next."""
        row = services.assessor_sign_off(
            db.session,
            learner_id,
            actor=current_user,
            declared=args["declared"],
            base_url=base_url(),
        )
        return out.sign_off(row)


@blp.route("/learners/<int:learner_id>/unlock")
class Unlock(MethodView):
    """Unlock a signed-off portfolio with a reason."""

    _access = IQA

    @blp.arguments(schemas.UnlockInSchema)
    @blp.response(200, schemas.SignOffOutSchema)
    def post(self, args: dict[str, Any], learner_id: int) -> dict[str, Any]:
        """The IQA or admin unlocks; the reason goes into the audit trail."""
        row = services.unlock_portfolio(
            db.session, learner_id, actor=current_user, reason=args["reason"]
        )
        return out.sign_off(row)


@blp.route("/sign-off/declaration")
class Declaration(MethodView):
    """The learner's authenticity declaration, which locks the portfolio."""

    _access = frozenset({Role.LEARNER})

    @blp.arguments(schemas.DeclarationInSchema)
    @blp.response(200, schemas.SignOffOutSchema)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Declare; 409 when no sign-off waits for you."""
        row = services.learner_declare(
            db.session, actor=current_user, declared=args["declared"]
        )
        return out.sign_off(row)


@blp.route("/samples")
class Samples(MethodView):
    """Decisions due for IQA sampling (never your own)."""

    _access = IQA

    @blp.arguments(schemas.PageArgsSchema, location="query")
    @blp.response(200, schemas.SamplePageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """One page of samples due, oldest first."""
        rows, total = services.sample_queue(
            db.session, actor=current_user, page=args["page"], per_page=PER_PAGE
        )
        return out.page([out.sample(s) for s in rows], total, args["page"], PER_PAGE)


@blp.route("/samples/<int:sample_id>")
class SampleOne(MethodView):
    """One sampled decision."""

    _access = IQA

    @blp.response(200, schemas.SampleOutSchema)
    def get(self, sample_id: int) -> dict[str, Any]:
        """The sample and its state."""
        return out.sample(
            services.load_sample(db.session, sample_id, actor=current_user)
        )


@blp.route("/samples/<int:sample_id>/decision")
class SampleDecide(MethodView):
    """The IQA's verdict: agree, or send back with feedback."""

    _access = IQA

    @blp.arguments(schemas.SampleDecisionInSchema)
    @blp.response(200, schemas.SampleOutSchema)
    def post(self, args: dict[str, Any], sample_id: int) -> dict[str, Any]:
        """Record the verdict; 409 if the sample changed since ``expected_version``."""
        row = services.decide_sample(
            db.session,
            sample_id,
            actor=current_user,
            action=args["action"],
            feedback=args["feedback"],
            expected_version=args["expected_version"],
            base_url=base_url(),
        )
        return out.sample(row)

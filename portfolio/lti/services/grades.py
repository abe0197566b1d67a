"""A launched activity: start its scenario, and send the finished run's score back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC
from typing import Any

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector
from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.lti.domain import ScoreValue, score_from_run
from portfolio.lti.models import LtiActivity
from portfolio.lti.services.keys import ToolKey
from portfolio.lti.services.tool_config import registration_for
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.runs import start_run

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
TIMEOUT_SECONDS = 10
NO_GRADEBOOK = "This course item has no gradebook column, so there is nothing to send."


class TimeoutSession(requests.Session):
    """A requests session whose calls give up after a few seconds."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        """Send with a default timeout, so a stalled platform cannot hold a worker."""
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


def learner_activities(session: Session, *, actor: User) -> Sequence[LtiActivity]:
    """The actor's launched course activities, newest first."""
    return session.scalars(
        select(LtiActivity)
        .where(LtiActivity.learner_id == actor.id)
        .order_by(LtiActivity.created_at.desc(), LtiActivity.id.desc())
    ).all()


def get_activity(session: Session, activity_id: int, *, actor: User) -> LtiActivity:
    """The actor's own activity, or NotFoundError (another learner's is a 404)."""
    row = session.get(LtiActivity, activity_id)
    if row is None or row.learner_id != actor.id:
        raise NotFoundError(f"activity {activity_id}")
    return row


def start_activity_run(
    session: Session, activity_id: int, *, actor: User
) -> SimulationRun:
    """Start the activity's scenario (a new attempt replaces the previous one)."""
    activity = get_activity(session, activity_id, actor=actor)
    run = start_run(
        session,
        actor=actor,
        scenario_type=activity.scenario_type,
        difficulty=activity.difficulty,
    )
    activity.run_id = run.id
    activity.score_given = activity.score_maximum = activity.score_sent_at = None
    session.flush()
    return run


def activity_score(activity: LtiActivity) -> ScoreValue:
    """The score of the activity's run; ConflictError while it is unfinished."""
    run = activity.run
    if run is None:
        raise ConflictError("Start the scenario first.")
    return score_from_run(run.status, json.loads(run.score or "{}"))


def _grade(activity: LtiActivity, value: ScoreValue) -> Grade:
    """The AGS score document for the platform's user."""
    stamp = utcnow().astimezone(UTC).isoformat(timespec="milliseconds")
    return (
        Grade()
        .set_score_given(value.given)
        .set_score_maximum(value.maximum)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(stamp.replace("+00:00", "Z"))
        .set_user_id(activity.account.subject)
        .set_comment(f"{value.given} of {value.maximum} marking points met.")
    )


def _line_item(activity: LtiActivity) -> LineItem | None:
    """A line item to find or create when the launch named only the container."""
    if activity.lineitem_url or not activity.lineitems_url:
        return None
    return (
        LineItem()
        .set_label(activity.title)
        .set_score_maximum(100)
        .set_resource_link_id(activity.resource_link_id)
        .set_tag(f"scenario:{activity.scenario_type}:{activity.difficulty}")
    )


def send_score(
    session: Session,
    activity_id: int,
    *,
    actor: User,
    key: ToolKey,
    http: requests.Session | None = None,
) -> ScoreValue:
    """Post the finished run's marking-point score to the platform's gradebook."""
    activity = get_activity(session, activity_id, actor=actor)
    value = activity_score(activity)
    scopes = json.loads(activity.ags_scopes or "[]")
    if SCORE_SCOPE not in scopes or not (
        activity.lineitem_url or activity.lineitems_url
    ):
        raise ConflictError(NO_GRADEBOOK)
    registration = registration_for(activity.account.platform, key)
    connector = ServiceConnector(
        registration, requests_session=http or TimeoutSession()
    )
    service_data = {"scope": scopes, "lineitems": activity.lineitems_url or ""}
    if activity.lineitem_url:
        service_data["lineitem"] = activity.lineitem_url
    ags = AssignmentsGradesService(connector, service_data)  # type: ignore[arg-type]  # a TypedDict built at run time
    try:
        ags.put_grade(_grade(activity, value), _line_item(activity))
    except (LtiException, LtiServiceException, requests.RequestException) as exc:
        raise ConflictError(
            f"The course did not accept the score: {str(exc)[:200]}"
        ) from exc
    activity.score_given, activity.score_maximum = value.given, value.maximum
    activity.score_sent_at = utcnow()
    record_event(
        session,
        actor=actor,
        action="lti.score_send",
        object_type="lti_activity",
        object_id=activity.id,
        learner_id=actor.id,
        details={
            "given": value.given,
            "maximum": value.maximum,
            "run_id": activity.run_id,
        },
    )
    session.flush()
    return value

"""Professional discussion recordings in the JSON API: record with audio, download.

The web page takes the recording with the record (multipart); so does this
endpoint. Both call the same service, so scope, the content check of the audio
(MP3, M4A, WAV, OGG or WEBM, decided by its bytes), the upload limit and the
audit trail are the service's; the request edge commits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Response
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema

from portfolio.assessment import services
from portfolio.assessment.api import presenters as out
from portfolio.assessment.api import schemas
from portfolio.assessment.services.discussions import AUDIO_TYPES
from portfolio.assessment.views._shared import upload_limit
from portfolio.core.access import SIGNED_IN
from portfolio.core.headers import sandboxed
from portfolio.core.roles import Role
from portfolio.errors import NotFoundError, ValidationError
from portfolio.evidence.services.storage import get_storage
from portfolio.extensions import db

blp = Blueprint(
    "api_discussion_audio",
    __name__,
    url_prefix="/api/v1/assessment",
    description="Professional discussion recordings: record with audio, download",
)
_BINARY = {"schema": {"type": "string", "format": "binary"}}
F = TypeVar("F", bound=Callable[..., Any])


def _assessor_of_learner(method: F) -> F:
    """Refuse (404) another assessor's learner before the body is even parsed."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        services.require_assessor_of(db.session, current_user, kwargs["learner_id"])
        return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]  # same signature


class RecordedDiscussionSchema(schemas.DiscussionInSchema):
    """The discussion record as form fields (``criteria`` repeated per code)."""


class RecordingSchema(Schema):
    """The recording."""

    audio = Upload(required=True)


def _invalid(exc: ValidationError) -> NoReturn:
    """Answer 422 naming the field (the edge writes nothing for a 422)."""
    location = "files" if exc.field == "audio" else "form"
    abort(
        422, message=str(exc), errors={location: {exc.field or "_schema": [str(exc)]}}
    )
    raise AssertionError("abort() raises")  # pragma: no cover


@blp.route("/learners/<int:learner_id>/discussions/recorded")
class RecordedDiscussion(MethodView):
    """Record a discussion together with its audio recording."""

    _access = frozenset({Role.ASSESSOR})

    @_assessor_of_learner
    @blp.arguments(RecordedDiscussionSchema, location="form")
    @blp.arguments(RecordingSchema, location="files")
    @blp.response(201, schemas.DiscussionOutSchema)
    def post(
        self, args: dict[str, Any], files: dict[str, Any], learner_id: int
    ) -> dict[str, Any]:
        """Store the record and the recording (the learner's assessor only)."""
        posted = files["audio"]
        record = services.DiscussionRecord(
            args["held_on"],
            args["duration_minutes"],
            args["questions"],
            args["answers"],
            tuple(args["criteria"]),
        )
        try:
            limit = upload_limit()
            audio = services.check_audio(
                posted.stream.read(limit + 1), posted.filename or "", limit
            )
            row = services.record_discussion(
                db.session,
                learner_id,
                record,
                actor=current_user,
                audio=audio,
                storage=get_storage(),
            )
        except ValidationError as exc:
            _invalid(exc)
        return out.discussion(row)


@blp.route("/discussions/<int:discussion_id>/audio")
class DiscussionAudio(MethodView):
    """A discussion's recording, for whoever may read the discussion."""

    _access = SIGNED_IN

    @blp.doc(
        responses={
            "200": {
                "description": "The recording, as an attachment",
                "content": {media: _BINARY for media in AUDIO_TYPES},
            },
            "404": {"description": "No such discussion in scope, or no recording"},
        }
    )
    def get(self, discussion_id: int) -> Response:
        """Download the recording (404 when the record has none)."""
        row = services.load_discussion(db.session, discussion_id, actor=current_user)
        if not row.audio_sha256:
            raise NotFoundError(f"recording of discussion {discussion_id}")
        with get_storage().open(row.audio_sha256) as handle:
            data = handle.read()
        name = (row.audio_name or "discussion").replace('"', "")
        response = Response(
            data,
            mimetype=row.audio_media_type or "application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
        return sandboxed(response)

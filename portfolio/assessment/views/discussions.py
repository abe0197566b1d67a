"""Professional discussions: record one, read it, download its recording."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.assessment.services.discussions import Audio
from portfolio.assessment.views._shared import ASSESSOR, upload_limit
from portfolio.core.access import signed_in
from portfolio.core.edge import USER_ERRORS, form_error, form_status
from portfolio.core.headers import sandboxed
from portfolio.evidence.services import default_criteria
from portfolio.evidence.services.storage import get_storage
from portfolio.extensions import db


def _audio(form: forms.DiscussionForm) -> Audio | None:
    """The checked audio upload, or None."""
    storage = request.files.get(form.audio.name)
    if storage is None or not storage.filename:
        return None
    limit = upload_limit()
    return services.check_audio(storage.stream.read(limit + 1), storage.filename, limit)


def _record(form: forms.DiscussionForm) -> services.DiscussionRecord:
    """The record as the form carries it."""
    return services.DiscussionRecord(
        form.held_on.data,
        form.duration.data,
        form.questions.data or "",
        form.answers.data or "",
        tuple(form.criteria.data or ()),
    )


@bp.route("/learners/<int:learner_id>/discussions/new", methods=["GET", "POST"])
@ASSESSOR
def discussion_new(learner_id: int) -> ResponseReturnValue:
    """Record a professional discussion with a learner on the caseload."""
    services.require_assessor_of(db.session, current_user, learner_id)
    form = forms.DiscussionForm()
    form.criteria.choices = [
        (c.code, f"{c.code} {c.text}") for c in default_criteria(db.session)
    ]
    if form.validate_on_submit():
        try:
            row = services.record_discussion(
                db.session,
                learner_id,
                _record(form),
                actor=current_user,
                audio=_audio(form),
                storage=get_storage(),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Discussion recorded.", "success")
            return redirect(url_for("assessment.discussion", discussion_id=row.id))
    page = render_template(
        "assessment/discussion_new.html", form=form, learner_id=learner_id
    )
    return page, form_status(form)


@bp.get("/discussions/<int:discussion_id>")
@signed_in
def discussion(discussion_id: int) -> ResponseReturnValue:
    """One professional discussion record."""
    row = services.load_discussion(db.session, discussion_id, actor=current_user)
    return render_template("assessment/discussion.html", row=row)


@bp.get("/discussions/<int:discussion_id>/audio")
@signed_in
def discussion_audio(discussion_id: int) -> ResponseReturnValue:
    """Download the recording: authorised, as an attachment, sandboxed."""
    row = services.load_discussion(db.session, discussion_id, actor=current_user)
    if not row.audio_sha256:
        abort(404)
    with get_storage().open(row.audio_sha256) as handle:
        data = io.BytesIO(handle.read())
    response = send_file(
        data,
        mimetype=row.audio_media_type,
        as_attachment=True,
        download_name=row.audio_name or "discussion",
    )
    return sandboxed(response)

"""Assessment pages: discussions, sign-off, unlock, IQA, tasks and the audit trail."""

from __future__ import annotations

import io

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import roles, signed_in
from portfolio.assessment import bp, forms, rules, services
from portfolio.assessment.views import ASSESSOR, IQA, PER_PAGE
from portfolio.assessment.web import USER_ERRORS, deliver_mail, form_error, status_of
from portfolio.auth.models import Role
from portfolio.evidence.services import default_criteria
from portfolio.evidence.storage import get_storage
from portfolio.extensions import db
from portfolio.core.pagination import Page, page_arg

LEARNER = roles(Role.LEARNER)


def _audio(form: forms.DiscussionForm):  # type: ignore[no-untyped-def]
    """The checked audio upload, or None."""
    storage = request.files.get(form.audio.name)
    if storage is None or not storage.filename:
        return None
    limit = int(float(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024)
    return services.check_audio(storage.stream.read(limit + 1), storage.filename, limit)


@bp.route("/learners/<int:learner_id>/discussions/new", methods=["GET", "POST"])
@ASSESSOR
def discussion_new(learner_id: int) -> ResponseReturnValue:
    """Record a professional discussion with a learner on the caseload."""
    from portfolio.assessment.services.common import require_assessor_of

    require_assessor_of(db.session, current_user, learner_id)
    form = forms.DiscussionForm()
    form.criteria.choices = [
        (c.code, f"{c.code} {c.text}") for c in default_criteria(db.session)
    ]
    if form.validate_on_submit():
        record = services.DiscussionRecord(
            form.held_on.data,
            form.duration.data,
            form.questions.data or "",
            form.answers.data or "",
            tuple(form.criteria.data or ()),
        )
        try:
            row = services.record_discussion(
                db.session, learner_id, record, actor=current_user, audio=_audio(form)
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Discussion recorded.", "success")
            return redirect(url_for("assessment.discussion", discussion_id=row.id))
    page = render_template(
        "assessment/discussion_new.html", form=form, learner_id=learner_id
    )
    return page, status_of(form)


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
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/learners/<int:learner_id>/sign-off")
@ASSESSOR
def sign_off(learner_id: int) -> ResponseReturnValue:
    """The assessor signs off the unit (the learner declares next)."""
    form = forms.DeclarationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.assessor_sign_off(
            db.session, learner_id, actor=current_user, declared=form.declared.data
        )
    except USER_ERRORS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        deliver_mail()
        flash(
            "Unit signed off. The learner has been asked to make their declaration.",
            "success",
        )
    return redirect(url_for("assessment.learner", learner_id=learner_id))


@bp.post("/learners/<int:learner_id>/unlock")
@IQA
def unlock(learner_id: int) -> ResponseReturnValue:
    """Unlock a signed-off portfolio with a reason."""
    form = forms.UnlockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.unlock_portfolio(
            db.session, learner_id, actor=current_user, reason=form.reason.data
        )
    except USER_ERRORS as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Portfolio unlocked. The reason is in the audit trail.", "success")
    return redirect(url_for("assessment.learner", learner_id=learner_id))


@bp.route("/sign-off", methods=["GET", "POST"])
@LEARNER
def learner_sign_off() -> ResponseReturnValue:
    """The learner's progress and authenticity declaration."""
    form = forms.DeclarationForm()
    if form.validate_on_submit():
        try:
            services.learner_declare(
                db.session, actor=current_user, declared=form.declared.data
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(
                "Declaration saved. Your portfolio is now signed off and locked.",
                "success",
            )
            return redirect(url_for("assessment.learner_sign_off"))
    page = render_template(
        "assessment/sign_off.html",
        form=form,
        pending=services.pending_for_learner(db.session, current_user),
        achievement=services.achievement_for(db.session, current_user.id),
        LEARNER_DECLARATION=rules.LEARNER_DECLARATION,
    )
    return page, status_of(form)


@bp.get("/samples")
@IQA
def samples() -> ResponseReturnValue:
    """Decisions due for sampling, oldest first (never your own)."""
    rows, total = services.sample_queue(
        db.session, actor=current_user, page=page_arg(), per_page=PER_PAGE
    )
    return render_template(
        "assessment/samples.html", page=Page(rows, page_arg(), PER_PAGE, total)
    )


@bp.route("/samples/<int:sample_id>", methods=["GET", "POST"])
@IQA
def sample(sample_id: int) -> ResponseReturnValue:
    """Review one sampled decision: agree, or send it back with feedback."""
    row = services.load_sample(db.session, sample_id, actor=current_user)
    form = forms.SampleForm(version=row.version_id)
    if form.validate_on_submit():
        try:
            services.decide_sample(
                db.session,
                sample_id,
                actor=current_user,
                action=form.action.data,
                feedback=form.feedback.data,
                expected_version=form.expected_version(),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            deliver_mail()
            flash("Sample recorded.", "success")
            return redirect(url_for("assessment.samples"))
        row = services.load_sample(db.session, sample_id, actor=current_user)
    view = services.item_view(
        db.session, row.decision.item_id, actor=current_user, judging=False
    )
    page = render_template(
        "assessment/sample.html", row=row, form=form, view=view, item=view.item
    )
    return page, status_of(form)


@bp.route("/plans", methods=["GET", "POST"])
@IQA
def plans() -> ResponseReturnValue:
    """Sampling plans per assessor."""
    rows = services.plans(db.session, actor=current_user)
    form = forms.PlanForm()
    form.assessor_id.choices = [(str(a.id), a.display_name) for a, _p in rows]
    if form.validate_on_submit():
        try:
            services.set_plan(
                db.session,
                int(form.assessor_id.data),
                actor=current_user,
                rate=form.rate.data,
                new_assessor=form.new_assessor.data,
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Sampling plan saved.", "success")
            return redirect(url_for("assessment.plans"))
    page = render_template("assessment/plans.html", rows=rows, form=form, rules=rules)
    return page, status_of(form)


@bp.get("/report")
@IQA
def report() -> ResponseReturnValue:
    """Sampling figures per assessor and per cohort."""
    data = services.sampling_report(db.session, actor=current_user)
    return render_template("assessment/report.html", data=data)


@bp.get("/tasks")
@signed_in
def tasks() -> ResponseReturnValue:
    """The signed-in user's task list and notifications."""
    return render_template(
        "assessment/tasks.html",
        tasks=services.task_list(db.session, current_user),
        notes=services.notifications_for(db.session, current_user),
        form=forms.ActionForm(),
    )


@bp.post("/notifications/read")
@signed_in
def notifications_read() -> ResponseReturnValue:
    """Mark every notification as read."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.mark_all_read(db.session, actor=current_user)
    db.session.commit()
    flash("Notifications marked as read.", "success")
    return redirect(url_for("assessment.tasks"))


@bp.get("/learners/<int:learner_id>/audit")
@signed_in
def audit(learner_id: int) -> ResponseReturnValue:
    """Every recorded change to a learner's portfolio, with the chain verified."""
    trail = services.learner_audit(db.session, learner_id, actor=current_user)
    return render_template("assessment/audit.html", trail=trail, learner_id=learner_id)

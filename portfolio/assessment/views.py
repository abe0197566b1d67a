"""Assessment pages: caseload, queue, judging, discussions, sign-off, IQA, tasks."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import roles, signed_in
from portfolio.assessment import bp, forms, rules, services
from portfolio.assessment.web import USER_ERRORS, deliver_mail, form_error
from portfolio.auth.models import Role
from portfolio.errors import ConflictError
from portfolio.evidence.storage import get_storage
from portfolio.extensions import db
from portfolio.core.pagination import Page, page_arg
from portfolio.core.time import utcnow

ASSESSOR = roles(Role.ASSESSOR)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
IQA = roles(Role.IQA, Role.ADMIN)
PER_PAGE = 25


@bp.errorhandler(rules.SegregationError)
def _segregation(exc: rules.SegregationError) -> ResponseReturnValue:
    """Segregation of duties refusals are a 403 with the reason."""
    db.session.rollback()
    return render_template(
        "errors/error.html", status=403, title="Not allowed", message=str(exc)
    ), 403


@bp.app_context_processor
def _assessment_globals() -> dict:
    """Helpers for the dashboard panels and the evidence item page."""
    return {
        "assessment_tasks": lambda: services.task_list(db.session, current_user),
        "assessment_history": lambda item_id: services.decision_history(
            db.session, item_id
        ),
        "DECISION_LABELS": rules.DECISION_LABELS,
        "SAMPLE_LABELS": rules.SAMPLE_LABELS,
        "RAG_LABELS": rules.RAG_LABELS,
    }


@bp.get("/caseload")
@ASSESSOR
def caseload() -> ResponseReturnValue:
    """The assessor's learners with progress against plan."""
    rows = services.caseload(db.session, actor=current_user, today=utcnow().date())
    return render_template("assessment/caseload.html", rows=rows)


@bp.get("/queue")
@ASSESSOR
def queue() -> ResponseReturnValue:
    """Submitted evidence across the caseload, oldest first."""
    items, total = services.evidence_queue(
        db.session, actor=current_user, page=page_arg(), per_page=PER_PAGE
    )
    page = Page(items, page_arg(), PER_PAGE, total)
    return render_template("assessment/queue.html", page=page)


def _judge_rows(form: forms.JudgeForm, codes) -> list:  # type: ignore[no-untyped-def]
    """(code, decision, feedback) for every criterion the assessor judged."""
    return [
        (code, form[f"d_{code}"].data, form[f"f_{code}"].data)
        for code in codes
        if form[f"d_{code}"].data
    ]


def _judge_page(view: services.ItemView, form, conflict: str | None = None):  # type: ignore[no-untyped-def]
    """Render the judging page."""
    sha = view.item.current.file_sha256
    return render_template(
        "assessment/judge.html",
        view=view,
        item=view.item,
        form=form,
        conflict=conflict,
        intact=get_storage().verify(sha) if sha else True,
    )


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@ASSESSOR
def judge(item_id: int) -> ResponseReturnValue:
    """The evidence beside its mapping, with a decision per criterion."""
    view = services.item_view(db.session, item_id, actor=current_user, judging=True)
    form = forms.judge_form(view.criteria, version=view.item.version_id)
    if request.method == "GET":
        return _judge_page(view, form)
    if not form.validate():
        return _judge_page(view, form), 422
    try:
        services.judge_item(
            db.session,
            item_id,
            actor=current_user,
            rows=_judge_rows(form, view.criteria),
            outcome=form.outcome.data,
            actions=form.actions.data,
            expected_version=form.expected_version(),
        )
    except ConflictError as exc:
        db.session.rollback()
        view = services.item_view(db.session, item_id, actor=current_user, judging=True)
        form.version.data = view.item.version_id  # save again after reading theirs
        return _judge_page(view, form, conflict=str(exc)), 409
    except USER_ERRORS as exc:
        form_error(form, exc)
        return _judge_page(view, form), 422
    db.session.commit()
    deliver_mail()
    flash("Decision saved.", "success")
    return redirect(url_for("assessment.queue"))


@bp.get("/items/<int:item_id>/history")
@signed_in
def item_history(item_id: int) -> ResponseReturnValue:
    """Versions and decisions of one item, for the learner and staff in scope."""
    view = services.item_view(db.session, item_id, actor=current_user, judging=False)
    return render_template("assessment/item_history.html", view=view, item=view.item)


@bp.get("/learners/<int:learner_id>")
@STAFF
def learner(learner_id: int) -> ResponseReturnValue:
    """A learner's achievement, discussions and sign-off."""
    from portfolio.assessment.services.common import require_reader_of

    require_reader_of(db.session, current_user, learner_id)
    return render_template(
        "assessment/learner.html",
        enrolment=services.enrolment_of(db.session, learner_id),
        learner_id=learner_id,
        achievement=services.achievement_for(db.session, learner_id),
        discussions=services.discussions_of(db.session, learner_id),
        sign_offs=services.sign_offs_of(db.session, learner_id),
        lock=services.current_lock(db.session, learner_id),
        sign_form=forms.DeclarationForm(),
        unlock_form=forms.UnlockForm(),
        ASSESSOR_DECLARATION=rules.ASSESSOR_DECLARATION,
    )


from portfolio.assessment import views_more  # noqa: E402, F401

"""The assessor's caseload, the queue of submitted evidence, and a learner's page."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.assessment.domain.rag import Rag
from portfolio.assessment.domain.signoff import ASSESSOR_DECLARATION
from portfolio.assessment.views._shared import ASSESSOR, PER_PAGE, READERS
from portfolio.core.pagecache import cached_page, learner_scopes, number, one_of
from portfolio.core.pagination import Page, page_arg
from portfolio.core.time import utcnow
from portfolio.extensions import db

CASELOAD_PER_PAGE = 50


def caseload_scopes() -> list[str]:
    """What the caseload and the queue show: the data of every learner on it."""
    return learner_scopes(services.caseload_learner_ids(db.session, actor=current_user))


@bp.get("/caseload")
@ASSESSOR
@cached_page(
    caseload_scopes, query={"rag": one_of(*(r.value for r in Rag)), "page": number}
)
def caseload() -> ResponseReturnValue:
    """The assessor's learners with progress against plan, a page at a time.

    The summary line counts every learner (of the chosen status); the table shows
    one page of them, so the page costs the same to render however big the caseload.
    """
    rows = services.caseload(db.session, actor=current_user, today=utcnow().date())
    rag = request.args.get("rag")
    if rag in {r.value for r in Rag}:
        rows = [r for r in rows if r.rag == rag]
    else:
        rag = None
    page = Page.of(rows, page_arg(), CASELOAD_PER_PAGE)
    return render_template(
        "assessment/caseload.html",
        rows=page.items,
        caseload_all=rows,
        caseload_page=page,
        caseload_filters={"rag": rag} if rag else {},
        rag=rag,
    )


@bp.get("/queue")
@ASSESSOR
@cached_page(
    caseload_scopes,
    query={"learner": number, "overdue": one_of("1"), "page": number},
)
def queue() -> ResponseReturnValue:
    """Submitted evidence across the caseload, oldest first."""
    learner_id = request.args.get("learner", type=int)
    overdue = request.args.get("overdue") == "1"
    items, total = services.queue_rows(
        db.session,
        actor=current_user,
        page=page_arg(),
        per_page=PER_PAGE,
        learner_id=learner_id,
        overdue=overdue,
    )
    page = Page(items, page_arg(), PER_PAGE, total)
    filters = {
        k: v
        for k, v in (("learner", learner_id), ("overdue", 1 if overdue else None))
        if v
    }
    return render_template("assessment/queue.html", page=page, filters=filters)


@bp.get("/learners/<int:learner_id>")
@READERS
def learner(learner_id: int) -> ResponseReturnValue:
    """A learner's achievement, discussions and sign-off."""
    services.require_reader_of(db.session, current_user, learner_id)
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
        ASSESSOR_DECLARATION=ASSESSOR_DECLARATION,
    )

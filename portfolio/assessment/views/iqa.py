"""IQA pages: samples due, one sample's verdict, sampling plans, the report."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.assessment.domain.sampling import effective_rate
from portfolio.assessment.services import plan
from portfolio.assessment.services.iqa_dashboard import SAMPLE_DAYS, overdue_cutoff
from portfolio.assessment.views._shared import IQA, PER_PAGE, base_url
from portfolio.core.access import recent_password
from portfolio.core.edge import USER_ERRORS, form_error, form_status
from portfolio.core.pagination import Page, page_arg
from portfolio.extensions import db


@bp.get("/samples")
@IQA
def samples() -> ResponseReturnValue:
    """Decisions due for sampling, oldest first (never your own)."""
    assessor_id = request.args.get("assessor", type=int)
    overdue = request.args.get("overdue") == "1"
    rows, total = services.sample_queue(
        db.session,
        actor=current_user,
        page=page_arg(),
        per_page=PER_PAGE,
        assessor_id=assessor_id,
        selected_before=overdue_cutoff() if overdue else None,
    )
    filters = {"assessor": assessor_id, "overdue": 1 if overdue else None}
    return render_template(
        "assessment/samples.html",
        page=Page(rows, page_arg(), PER_PAGE, total),
        filters={k: v for k, v in filters.items() if v},
        SAMPLE_DAYS=SAMPLE_DAYS,
    )


def _decide(sample_id: int, form: forms.SampleForm) -> None:
    """Call the sampling service with the IQA's verdict."""
    services.decide_sample(
        db.session,
        sample_id,
        actor=current_user,
        action=form.action.data,
        feedback=form.feedback.data,
        expected_version=form.expected_version(),
        base_url=base_url(),
    )


@bp.route("/samples/<int:sample_id>", methods=["GET", "POST"])
@IQA
@recent_password
def sample(sample_id: int) -> ResponseReturnValue:
    """Review one sampled decision: agree, or send it back with feedback."""
    row = services.load_sample(db.session, sample_id, actor=current_user)
    form = forms.SampleForm(version=row.version_id)
    if form.validate_on_submit():
        try:
            _decide(sample_id, form)
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Sample recorded.", "success")
            return redirect(url_for("assessment.samples"))
        row = services.load_sample(db.session, sample_id, actor=current_user)
    view = services.item_view(
        db.session, row.decision.item_id, actor=current_user, judging=False
    )
    page = render_template(
        "assessment/sample.html", row=row, form=form, view=view, item=view.item
    )
    return page, form_status(form)


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
            flash("Sampling plan saved.", "success")
            return redirect(url_for("assessment.plans"))
    page = render_template(
        "assessment/plans.html", rows=rows, form=form, effective_rate=effective_rate
    )
    return page, form_status(form)


@bp.route("/cohort-plans", methods=["GET", "POST"])
@IQA
def cohort_plans() -> ResponseReturnValue:
    """Red, amber and green thresholds per cohort."""
    rows = plan.cohort_plans(db.session, actor=current_user)
    form = forms.CohortPlanForm()
    form.cohort_id.choices = [(c.id, c.name) for c, _a, _r in rows]
    if form.validate_on_submit():
        try:
            plan.set_cohort_plan(
                db.session,
                form.cohort_id.data,
                form.amber_behind.data or 0,
                form.red_behind.data or 0,
                actor=current_user,
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Thresholds saved.", "success")
            return redirect(url_for("assessment.cohort_plans"))
    page = render_template("assessment/cohort_plans.html", rows=rows, form=form)
    return page, form_status(form)


@bp.get("/report")
@IQA
def report() -> ResponseReturnValue:
    """Sampling figures per assessor and per cohort."""
    data = services.sampling_report(db.session, actor=current_user)
    return render_template("assessment/report.html", data=data)

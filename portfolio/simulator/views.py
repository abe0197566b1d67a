"""Simulator pages: picker, workspace, actions, debrief, progress, tasks, policy."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import roles, signed_in
from portfolio.auth.models import Role
from portfolio.errors import ConflictError, ValidationError
from portfolio.extensions import db
from portfolio.core.pagination import Page, page_arg
from portfolio.simulator import bp, content, progress, services, workspace
from portfolio.simulator.domain.engine.actions import ACTION_KINDS
from portfolio.simulator.forms import action_form, form_params
from portfolio.simulator.web_forms import AbandonForm, StartRunForm, TaskForm

LEARNER = roles(Role.LEARNER)
VIEWERS = roles(Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN)


@bp.get("/")
@LEARNER
def index() -> ResponseReturnValue:
    """Choose a scenario; see your runs and the tasks your assessor set."""
    rows, total = services.list_runs(
        db.session, learner_id=current_user.id, page=page_arg()
    )
    return render_template(
        "simulator/index.html",
        form=StartRunForm(),
        page=Page(rows, page_arg(), 20, total),
        tasks=services.open_tasks(db.session, actor=current_user),
    )


@bp.post("/runs")
@LEARNER
def run_start() -> ResponseReturnValue:
    """Start a scenario from the picker."""
    form = StartRunForm()
    if not form.validate_on_submit():
        rows, total = services.list_runs(db.session, learner_id=current_user.id)
        return render_template(
            "simulator/index.html",
            form=form,
            page=Page(rows, 1, 20, total),
            tasks=services.open_tasks(db.session, actor=current_user),
        ), 422
    run = services.start_run(
        db.session,
        actor=current_user,
        scenario_type=form.scenario_type.data,
        difficulty=form.difficulty.data,
        seed=form.seed.data,
    )
    db.session.commit()
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.post("/runs/<int:run_id>/again")
@LEARNER
def run_again(run_id: int) -> ResponseReturnValue:
    """Practise the same scenario again (same type, difficulty, seed)."""
    if not AbandonForm().validate_on_submit():
        abort(400)
    run = services.start_again(db.session, run_id, actor=current_user)
    db.session.commit()
    flash("Same scenario, fresh start. Good luck!", "success")
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.post("/tasks/<int:task_id>/start")
@LEARNER
def task_start(task_id: int) -> ResponseReturnValue:
    """Start the scenario an assessor set."""
    if not AbandonForm().validate_on_submit():
        abort(400)
    run = services.start_task(db.session, task_id, actor=current_user)
    db.session.commit()
    return redirect(url_for("simulator.run_show", run_id=run.id))


def _render_workspace(run, bound=None, status: int = 200) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    """Render the workspace for a run (with a bound, failed form if any)."""
    loaded = services.load(db.session, run)
    ctx = workspace.build(loaded, bound)
    own = run.learner_id == current_user.id
    return render_template(
        "simulator/run_show.html", run=run, own=own, abandon_form=AbandonForm(), **ctx
    ), status


@bp.get("/runs/<int:run_id>")
@VIEWERS
def run_show(run_id: int) -> ResponseReturnValue:
    """The order desk for one run (read-only for staff)."""
    run = services.get_run(db.session, run_id, actor=current_user)
    return _render_workspace(run)


@bp.post("/runs/<int:run_id>/act/<kind>")
@LEARNER
def run_act(run_id: int, kind: str) -> ResponseReturnValue:
    """Apply one action from a workspace form, then show the desk again (PRG)."""
    if kind not in ACTION_KINDS:
        abort(404)
    run = services.get_own_active_run(db.session, run_id, actor=current_user)
    loaded = services.load(db.session, run)
    form = action_form(
        kind,
        workspace.dynamic_choices(loaded, workspace.presenters.learner_view(loaded)),
    )
    if not form.validate_on_submit():
        flash(
            "Check the form: "
            + "; ".join(
                f"{getattr(form, k).label.text}: {' '.join(v)}"
                for k, v in form.errors.items()
            ),
            "error",
        )
        return _render_workspace(run, {kind: form}, 422)
    try:
        entry = services.act(
            db.session,
            run_id,
            actor=current_user,
            kind=kind,
            params=form_params(form, request.form),
        )
    except (ValidationError, ConflictError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("simulator.run_show", run_id=run_id))
    db.session.commit()
    for category, message in workspace.presenters.entry_messages(entry):
        flash(message, category)
    anchor = request.form.get("return_to", "")
    return redirect(
        url_for(
            "simulator.run_show",
            run_id=run_id,
            _anchor=anchor if anchor.isidentifier() else None,
        )
    )


@bp.post("/runs/<int:run_id>/abandon")
@LEARNER
def run_abandon(run_id: int) -> ResponseReturnValue:
    """Stop a run without a score."""
    if not AbandonForm().validate_on_submit():
        abort(400)
    services.abandon_run(db.session, run_id, actor=current_user)
    db.session.commit()
    flash("Scenario abandoned. It stays in your list without a score.", "info")
    return redirect(url_for("simulator.index"))


@bp.get("/runs/<int:run_id>/debrief")
@VIEWERS
def run_debrief(run_id: int) -> ResponseReturnValue:
    """Marking points, findings on a timeline, the model answer beside the order."""
    data = services.debrief_view(db.session, run_id, actor=current_user)
    return render_template("simulator/debrief.html", **data, again_form=AbandonForm())


@bp.get("/runs/<int:run_id>/answer-key")
@roles(Role.ASSESSOR, Role.ADMIN)
def run_answer_key(run_id: int) -> ResponseReturnValue:
    """The hidden truth of a run, for assessors and admins."""
    run = services.get_run(db.session, run_id, actor=current_user)
    key = services.answer_key(db.session, run_id, actor=current_user)
    return render_template("simulator/answer_key.html", run=run, key=key)


@bp.get("/policy")
@signed_in
def policy() -> ResponseReturnValue:
    """The company's policy handbook."""
    return render_template(
        "simulator/policy.html", policy=content.company(db.session).policy
    )


@bp.get("/progress")
@LEARNER
def my_progress() -> ResponseReturnValue:
    """Your KPIs over time and which order types are still missing."""
    data = progress.learner_progress(db.session, current_user.id)
    return render_template("simulator/progress.html", learner=current_user, **data)


@bp.get("/learners/<int:learner_id>/progress")
@roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
def learner_progress(learner_id: int) -> ResponseReturnValue:
    """A learner's simulator progress, read-only, for their assessor."""
    learner = services.get_learner(db.session, learner_id, actor=current_user)
    data = progress.learner_progress(db.session, learner.id)
    return render_template("simulator/progress.html", learner=learner, **data)


@bp.route("/learners/<int:learner_id>/tasks/new", methods=["GET", "POST"])
@roles(Role.ASSESSOR, Role.ADMIN)
def task_new(learner_id: int) -> ResponseReturnValue:
    """Set a learner a scenario with chosen complications."""
    learner = services.get_learner(
        db.session, learner_id, actor=current_user, assess=True
    )
    form = TaskForm()
    if form.validate_on_submit():
        services.create_task(
            db.session,
            actor=current_user,
            learner=learner,
            scenario_type=form.scenario_type.data,
            difficulty=form.difficulty.data,
            complications=form.complications.data,
            note=form.note.data,
        )
        db.session.commit()
        flash(f"Scenario set for {learner.display_name}.", "success")
        return redirect(url_for("simulator.learner_progress", learner_id=learner.id))
    return render_template("simulator/task_new.html", form=form, learner=learner)


@bp.post("/runs/<int:run_id>/add-to-portfolio")
@LEARNER
def run_add_to_portfolio(run_id: int) -> ResponseReturnValue:
    """Add a finished run's documents to the portfolio as draft work products."""
    from portfolio.evidence.services.simulator_records import (
        create_simulator_work_products,
    )

    if not AbandonForm().validate_on_submit():
        abort(400)
    if services.run_in_portfolio(db.session, run_id, actor=current_user):
        flash("This scenario is already in your portfolio.", "info")
        return redirect(url_for("evidence.index"))
    docs = services.run_documents(db.session, run_id, actor=current_user)
    items = create_simulator_work_products(
        db.session, learner=current_user, run_id=run_id, actor=current_user, **docs
    )
    db.session.commit()
    flash(
        f"Added {len(items)} draft work product(s). Check the criteria each is mapped "
        "to, then submit them for assessment.",
        "success",
    )
    return redirect(url_for("evidence.index"))


@bp.app_errorhandler(content.ContentError)
def _content_missing(exc: content.ContentError) -> ResponseReturnValue:
    """The simulated company is not seeded yet: say so instead of failing."""
    from portfolio.core.http_errors import _respond

    return _respond(
        503,
        "The simulator is not ready: the simulated company's data has "
        "not been loaded. An administrator needs to run "
        "`flask --app portfolio seed`.",
    )

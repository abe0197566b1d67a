"""The order desk of one run: show it, and apply one action from its forms.

A refused or invalid action comes back beside the form that sent it, with the typed
values kept: the values and reasons ride in the session across the redirect, so the
same post-redirect-get works with and without JavaScript (htmx swaps the page body).
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from portfolio.core.edge import USER_ERRORS
from portfolio.core.pagecache import cached_page, learner_scopes
from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.forms import ButtonForm, action_form, form_params
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.presenters.messages import entry_messages
from portfolio.simulator.presenters.workspace import (
    dynamic_choices,
    workspace_context,
)
from portfolio.simulator.views._shared import LEARNER, VIEWERS

RETRY_KEY = "simulator_retry"


def _render_workspace(
    run: SimulationRun, bound: dict[str, FlaskForm] | None = None
) -> ResponseReturnValue:
    """Render the workspace for a run (with a refused form if any)."""
    ctx = workspace_context(services.load_run(db.session, run), bound)
    own = run.learner_id == current_user.id
    return render_template(
        "simulator/run_show.html",
        run=run,
        own=own,
        abandon_form=ButtonForm(),
        **ctx,
    )


def _retry_form(run: SimulationRun) -> dict[str, FlaskForm]:
    """The refused form saved before the redirect, bound to what was typed."""
    saved = session.pop(RETRY_KEY, None)
    if not saved or saved.get("run_id") != run.id or saved["kind"] not in ACTION_KINDS:
        return {}
    kind = saved["kind"]
    form = action_form(
        kind,
        dynamic_choices(services.load_run(db.session, run), kinds=[kind]),
        formdata=MultiDict(saved["values"]),
    )
    for name, errors in saved["errors"].items():
        if name in form._fields:
            form._fields[name].errors = list(errors)
    form.refusal = saved.get("refusal", "")
    return {kind: form}


def _save_retry(run_id: int, kind: str, errors: dict[str, Any], refusal: str) -> None:
    """Keep the typed values and the reasons for the next page."""
    prefix = f"{kind}-"
    session[RETRY_KEY] = {
        "run_id": run_id,
        "kind": kind,
        "values": [
            (k, v) for k, v in request.form.items(multi=True) if k.startswith(prefix)
        ],
        "errors": {
            k: [str(v[0])] for k, v in errors.items() if v and k != "csrf_token"
        },
        "refusal": refusal,
    }


def _run_scopes(run_id: int) -> list[str]:
    """The run's learner's data, once the viewer may see the run."""
    run = services.get_run(db.session, run_id, actor=current_user)
    return learner_scopes([run.learner_id])


def _retry_waiting() -> bool:
    """A refused form rides in the session: that page is rendered fresh."""
    return RETRY_KEY in session


@bp.get("/runs/<int:run_id>")
@VIEWERS
@cached_page(_run_scopes, unless=_retry_waiting)
def run_show(run_id: int) -> ResponseReturnValue:
    """The order desk for one run (read-only for staff)."""
    run = services.get_run(db.session, run_id, actor=current_user)
    retry = _retry_form(run)
    response = make_response(_render_workspace(run, retry))
    if retry and request.headers.get("HX-Request"):  # a saved-as-you-type form
        response.headers["HX-Reswap"] = "outerHTML"  # was refused: show it in place
    return response


@bp.post("/runs/<int:run_id>/act/<kind>")
@LEARNER
def run_act(run_id: int, kind: str) -> ResponseReturnValue:
    """Apply one action from a workspace form, then show the desk again (PRG)."""
    if kind not in ACTION_KINDS:
        abort(404)
    run = services.get_own_active_run(db.session, run_id, actor=current_user)
    loaded = services.load_run(db.session, run)
    form = action_form(kind, dynamic_choices(loaded, kinds=[kind]))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        _save_retry(run_id, kind, form.errors, "")
        return redirect(_back_to_desk(run_id, kind))
    try:
        entry = services.take_action(
            db.session,
            run_id,
            actor=current_user,
            kind=kind,
            params=form_params(form, request.form),
        )
    except USER_ERRORS as exc:
        _save_retry(run_id, kind, {}, str(exc))
        return redirect(_back_to_desk(run_id, kind))
    if not entry.accepted:  # the engine logged the refusal: keep it (commit)
        _save_retry(run_id, kind, {}, " ".join(entry.reasons))
        return redirect(_back_to_desk(run_id, kind))
    for then, params in _follow_ups(run, kind):  # an ERP's one-click shortcuts
        try:
            entry = services.take_action(
                db.session, run_id, actor=current_user, kind=then, params=params
            )
        except USER_ERRORS as exc:  # the first action stands; say why this did not
            flash(f"{ACTION_KINDS[then].label}: not done. {exc}", "error")
    for category, message in entry_messages(entry):
        flash(message, category)
    return redirect(_back_to_desk(run_id))


def _follow_ups(run: SimulationRun, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Actions a shortcut button adds after ``kind``: pick a customer, check a line.

    "Use for this order" on a CRM result also sets the order's account with the
    customer's first contact and first delivery address (the learner can change
    them); "Check stock now" (ticked by default) checks the line just added.
    """
    loaded = services.load_run(db.session, run)
    order = loaded.state.order
    if kind == "open_customer" and request.form.get("use_for_order"):
        customer = loaded.company.customer(request.form.get("open_customer-account"))
        if customer is None or customer.account == order.account:
            return []
        params: dict[str, Any] = {"account": customer.account}
        if customer.contacts:
            params["contact_id"] = customer.contacts[0].id
        if customer.delivery_addresses:
            params["delivery_address_id"] = customer.delivery_addresses[0].id
        return [("set_order_header", params)]
    if kind == "add_line" and request.form.get("check_now") and order.lines:
        return [("check_stock", {"line_id": order.lines[-1].line_id})]
    return []


def _back_to_desk(run_id: int, kind: str | None = None) -> str:
    """The workspace URL, at the refused form or the panel the form came from."""
    anchor = f"act-{kind}" if kind else request.form.get("return_to", "")
    return url_for(
        "simulator.run_show",
        run_id=run_id,
        _anchor=anchor if anchor.replace("-", "_").isidentifier() else None,
    )

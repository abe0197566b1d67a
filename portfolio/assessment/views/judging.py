"""Judging an item (a decision per criterion, accept or return) and its history."""

from __future__ import annotations

from collections.abc import Iterable

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.assessment.domain.judging import JudgementRow
from portfolio.assessment.views._shared import ASSESSOR, base_url
from portfolio.core.access import signed_in
from portfolio.core.edge import USER_ERRORS, form_error, mark_failed
from portfolio.errors import ConflictError
from portfolio.evidence.services.storage import get_storage
from portfolio.extensions import db


def _judge_rows(form: forms.JudgeForm, codes: Iterable[str]) -> list[JudgementRow]:
    """(code, decision, feedback) for every criterion the assessor judged."""
    return [
        (code, form[f"d_{code}"].data, form[f"f_{code}"].data)
        for code in codes
        if form[f"d_{code}"].data
    ]


def _judge_page(
    view: services.ItemView, form: forms.JudgeForm, conflict: str | None = None
) -> str:
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


def _save(item_id: int, view: services.ItemView, form: forms.JudgeForm) -> None:
    """Call the judging service with what the form carries."""
    services.judge_item(
        db.session,
        item_id,
        actor=current_user,
        rows=_judge_rows(form, view.criteria),
        outcome=form.outcome.data,
        actions=form.actions.data,
        expected_version=form.expected_version(),
        base_url=base_url(),
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
        _save(item_id, view, form)
    except ConflictError as exc:
        mark_failed()
        view = services.item_view(db.session, item_id, actor=current_user, judging=True)
        form.version.data = view.item.version_id  # save again after reading theirs
        return _judge_page(view, form, conflict=str(exc)), 409
    except USER_ERRORS as exc:
        form_error(form, exc)
        return _judge_page(view, form), 422
    flash("Decision saved.", "success")
    return redirect(url_for("assessment.queue"))


@bp.get("/items/<int:item_id>/history")
@signed_in
def item_history(item_id: int) -> ResponseReturnValue:
    """Versions and decisions of one item, for the learner and staff in scope."""
    view = services.item_view(db.session, item_id, actor=current_user, judging=False)
    return render_template("assessment/item_history.html", view=view, item=view.item)

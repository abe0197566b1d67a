"""Evidence lists, adding an upload, a reflection or a record, and reading an item."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth.models import User
from portfolio.auth.scopes import owns_evidence
from portfolio.core.access import signed_in
from portfolio.core.edge import USER_ERRORS, form_error, form_status
from portfolio.core.pagination import Page, page_arg
from portfolio.evidence import bp, forms, services
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.services.storage import get_storage
from portfolio.evidence.views._shared import (
    LEARNER,
    PER_PAGE,
    READERS,
    details,
    flash_pii,
    posted_upload,
    reflection_data,
)
from portfolio.extensions import db

MAPPING_NEXT = "Map it to criteria next."


def _list(learner_id: int, endpoint: str, args: dict[str, Any]) -> ResponseReturnValue:
    """Render one learner's evidence list with filters and a pager."""
    kind, status = request.args.get("kind"), request.args.get("status")
    replied = request.args.get("testimony") == "replied"
    rows, total = services.list_items(
        db.session,
        learner_id,
        actor=current_user,
        kind=kind,
        status=status,
        replied=replied,
        page=page_arg(),
        per_page=PER_PAGE,
    )
    return render_template(
        "evidence/list.html",
        page=Page(rows, page_arg(), PER_PAGE, total),
        kind=kind,
        status=status,
        testimony="replied" if replied else None,
        learner=db.session.get(User, learner_id),
        learner_id=learner_id,
        endpoint=endpoint,
        args=args,
        own=learner_id == current_user.id,
    )


@bp.get("/")
@LEARNER
def index() -> ResponseReturnValue:
    """The learner's own evidence."""
    return _list(current_user.id, "evidence.index", {})


@bp.get("/learners/<int:learner_id>")
@READERS
def learner_index(learner_id: int) -> ResponseReturnValue:
    """A learner's evidence, read-only, for their assessor, an IQA or an admin."""
    return _list(learner_id, "evidence.learner_index", {"learner_id": learner_id})


@bp.get("/new")
@LEARNER
def new() -> ResponseReturnValue:
    """Choose what kind of evidence to add."""
    return render_template("evidence/new.html")


@bp.route("/new/upload", methods=["GET", "POST"])
@LEARNER
def new_upload() -> ResponseReturnValue:
    """Upload a workplace document as a work product."""
    form = forms.UploadForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=Kind.WORK_PRODUCT,
                details=details(form),
                body=form.description.data or "",
                upload=posted_upload(form, required=True),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash(f"Evidence saved as a draft. {MAPPING_NEXT}", "success")
            flash_pii(item)
            return redirect(url_for("evidence.mapping", item_id=item.id))
    page = render_template("evidence/upload.html", form=form, item=None)
    return page, form_status(form)


@bp.route("/new/reflection", methods=["GET", "POST"])
@LEARNER
def new_reflection() -> ResponseReturnValue:
    """Write a reflection through the four prompts."""
    form = forms.ReflectionForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=Kind.REFLECTION,
                details=details(form),
                data=reflection_data(form),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash(f"Reflection saved as a draft. {MAPPING_NEXT}", "success")
            return redirect(url_for("evidence.mapping", item_id=item.id))
    page = render_template("evidence/reflection.html", form=form, item=None)
    return page, form_status(form)


@bp.route("/new/record", methods=["GET", "POST"])
@LEARNER
def new_record() -> ResponseReturnValue:
    """Write up a professional discussion or an observation."""
    form = forms.RecordForm()
    if form.validate_on_submit():
        try:
            item = services.create_item(
                db.session,
                actor=current_user,
                kind=form.kind.data or "",
                details=details(form),
                body=form.body.data or "",
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash(f"Record saved as a draft. {MAPPING_NEXT}", "success")
            return redirect(url_for("evidence.mapping", item_id=item.id))
    page = render_template("evidence/record.html", form=form, item=None)
    return page, form_status(form)


def _show(item_id: int, number: int | None) -> ResponseReturnValue:
    """Render an item at its current or an earlier version."""
    item = services.load_item(db.session, item_id, actor=current_user)
    version = next((v for v in item.versions if v.number == number), None)
    if number is not None and version is None:
        abort(404)
    version = version or item.current
    intact = get_storage().verify(version.file_sha256) if version.file_sha256 else True
    return render_template(
        "evidence/item.html",
        item=item,
        version=version,
        intact=intact,
        own=owns_evidence(current_user, item.learner_id),
        criteria=services.unit_criteria(db.session, item.unit_id),
        submit_form=forms.SubmitForm(version=item.version_id),
        action_form=forms.ActionForm(),
        needs_redaction=services.needs_redaction_confirmation(item),
    )


@bp.get("/<int:item_id>")
@signed_in
def item(item_id: int) -> ResponseReturnValue:
    """One evidence item: content, mapping, versions, actions."""
    return _show(item_id, None)


@bp.get("/<int:item_id>/versions/<int:number>")
@signed_in
def version(item_id: int, number: int) -> ResponseReturnValue:
    """An earlier (or the current) version of an item, read-only."""
    return _show(item_id, number)

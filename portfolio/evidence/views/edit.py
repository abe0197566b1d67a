"""Changing an item: edit its content, map it to criteria, submit or withdraw it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from portfolio.core.edge import USER_ERRORS, flash_failure, form_error, form_status
from portfolio.errors import ValidationError
from portfolio.evidence import bp, forms, services
from portfolio.evidence.domain.details import check_claims
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.views._shared import (
    LEARNER,
    details,
    flash_pii,
    own_item,
    posted_upload,
    reflection_data,
)
from portfolio.extensions import db

EDIT_TEMPLATES: dict[Kind, tuple[str, type[forms.DetailsForm]]] = {
    Kind.WORK_PRODUCT: ("evidence/upload.html", forms.UploadForm),
    Kind.REFLECTION: ("evidence/reflection.html", forms.ReflectionForm),
    Kind.PROFESSIONAL_DISCUSSION: ("evidence/record.html", forms.RecordForm),
    Kind.OBSERVATION: ("evidence/record.html", forms.RecordForm),
}


def _edit_data(item: EvidenceItem) -> dict[str, Any]:
    """Initial form data from the current version."""
    v = item.current
    data = {
        "title": v.title,
        "evidence_date": v.evidence_date,
        "context": item.context,
        "order_type": item.order_type or "",
        "description": v.body,
        "body": v.body,
        "kind": item.kind,
        "version": item.version_id,
    }
    return data | v.structured


def _save_edit(item: EvidenceItem, form: Any) -> None:
    """Call the update service with what this kind's form carries."""
    kind = Kind(item.kind)
    body, data, upload = None, None, None
    if kind == Kind.WORK_PRODUCT:
        body, upload = form.description.data or "", posted_upload(form, required=False)
    elif kind == Kind.REFLECTION:
        data = reflection_data(form)
    else:
        body = form.body.data
    services.update_item(
        db.session,
        item.id,
        actor=current_user,
        details=details(form),
        body=body,
        data=data,
        upload=upload,
        expected_version=form.expected_version(),
    )


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@LEARNER
def edit(item_id: int) -> ResponseReturnValue:
    """Change a draft in place, or a returned item as a new version."""
    item = own_item(item_id)
    if item.kind not in EDIT_TEMPLATES:
        abort(404)
    template, form_class = EDIT_TEMPLATES[Kind(item.kind)]
    form = form_class(data=_edit_data(item))
    if isinstance(form, forms.RecordForm):
        form.kind.data = item.kind
    if form.validate_on_submit():
        try:
            _save_edit(item, form)
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Changes saved.", "success")
            flash_pii(item)
            return redirect(url_for("evidence.item", item_id=item.id))
    return render_template(template, form=form, item=item), form_status(form)


def _mapping_data(item: EvidenceItem) -> dict[str, Any]:
    """Initial checkbox and justification values from the current claims."""
    data: dict[str, Any] = {"version": item.version_id}
    for claim in item.current.claims:
        data[f"c_{claim.criterion.code}"] = True
        data[f"j_{claim.criterion.code}"] = claim.justification
    return data


def _posted_claims(form: FlaskForm, codes: Iterable[str]) -> dict[str, str]:
    """{code: justification} for every ticked criterion."""
    return {
        c: getattr(form, f"j_{c}").data or ""
        for c in codes
        if getattr(form, f"c_{c}").data
    }


def _justified(form: FlaskForm, codes: Iterable[str]) -> bool:
    """Put every ticked row's problem on its own field at once; True when none."""
    ok = True
    for code, text in _posted_claims(form, codes).items():
        try:
            check_claims({code: text}, {code}, "")
        except ValidationError as exc:
            field = getattr(form, f"j_{code}")
            field.errors = [*field.errors, str(exc)]
            ok = False
    return ok


@bp.route("/<int:item_id>/mapping", methods=["GET", "POST"])
@LEARNER
def mapping(item_id: int) -> ResponseReturnValue:
    """Choose the criteria this evidence shows, each with a one-line reason."""
    item = own_item(item_id)
    criteria = services.unit_criteria(db.session, item.unit_id)
    form = forms.mapping_form(criteria, data=_mapping_data(item))
    if form.validate_on_submit() and _justified(form, criteria):
        try:
            services.set_claims(
                db.session,
                item.id,
                _posted_claims(form, criteria),
                actor=current_user,
                expected_version=form.expected_version(),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Mapping saved.", "success")
            return redirect(url_for("evidence.item", item_id=item.id))
    page = render_template(
        "evidence/mapping.html", form=form, item=item, criteria=criteria
    )
    return page, form_status(form)


@bp.post("/<int:item_id>/submit")
@LEARNER
def submit(item_id: int) -> ResponseReturnValue:
    """Submit the current version for assessment."""
    form = forms.SubmitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.submit_item(
            db.session,
            item_id,
            actor=current_user,
            redaction_confirmed=form.redaction_confirmed.data,
            expected_version=form.expected_version(),
        )
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash("Submitted for assessment. This version is now locked.", "success")
    return redirect(url_for("evidence.item", item_id=item_id))


@bp.post("/<int:item_id>/withdraw")
@LEARNER
def withdraw(item_id: int) -> ResponseReturnValue:
    """Take an item out of the portfolio (it stays readable)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_item(db.session, item_id, actor=current_user)
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash("Evidence withdrawn.", "success")
    return redirect(url_for("evidence.item", item_id=item_id))

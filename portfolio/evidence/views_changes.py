"""Evidence pages that change an item, plus file downloads and the coverage matrix."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import signed_in
from portfolio.evidence import bp, forms, rules, services
from portfolio.evidence.storage import get_storage
from portfolio.evidence.views import (
    LEARNER,
    STAFF,
    _details,
    _flash_pii,
    _reflection_data,
    _status,
    _upload,
)
from portfolio.evidence.web import USER_ERRORS, form_error
from portfolio.extensions import db

EDIT_TEMPLATES = {
    rules.Kind.WORK_PRODUCT: ("evidence/upload.html", forms.UploadForm),
    rules.Kind.REFLECTION: ("evidence/reflection.html", forms.ReflectionForm),
    rules.Kind.PROFESSIONAL_DISCUSSION: ("evidence/record.html", forms.RecordForm),
    rules.Kind.OBSERVATION: ("evidence/record.html", forms.RecordForm),
}


def _own(item_id: int):  # type: ignore[no-untyped-def]
    """The signed-in learner's item (404 for anyone else's)."""
    item = services.load_item(db.session, item_id, actor=current_user)
    if item.learner_id != current_user.id:
        abort(404)
    return item


def _edit_data(item) -> dict:  # type: ignore[no-untyped-def]
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


def _save_edit(item, form) -> None:  # type: ignore[no-untyped-def]
    """Call the update service with what this kind's form carries."""
    kind = rules.Kind(item.kind)
    body, data, upload = None, None, None
    if kind == rules.Kind.WORK_PRODUCT:
        body, upload = form.description.data or "", _upload(form, required=False)
    elif kind == rules.Kind.REFLECTION:
        data = _reflection_data(form)
    else:
        body = form.body.data
    services.update_item(
        db.session,
        item.id,
        actor=current_user,
        details=_details(form),
        body=body,
        data=data,
        upload=upload,
        expected_version=form.expected_version(),
    )


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@LEARNER
def edit(item_id: int) -> ResponseReturnValue:
    """Change a draft in place, or a returned item as a new version."""
    item = _own(item_id)
    if item.kind not in EDIT_TEMPLATES:
        abort(404)
    template, form_class = EDIT_TEMPLATES[rules.Kind(item.kind)]
    form = form_class(data=_edit_data(item))
    if form_class is forms.RecordForm:
        form.kind.data = item.kind
    if form.validate_on_submit():
        try:
            _save_edit(item, form)
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash("Changes saved.", "success")
            _flash_pii(item)
            return redirect(url_for("evidence.item", item_id=item.id))
    return render_template(template, form=form, item=item), _status(form)


def _mapping_data(item, criteria) -> dict:  # type: ignore[no-untyped-def]
    """Initial checkbox and justification values from the current claims."""
    data: dict = {"version": item.version_id}
    for claim in item.current.claims:
        data[f"c_{claim.criterion.code}"] = True
        data[f"j_{claim.criterion.code}"] = claim.justification
    return data


def _posted_claims(form, codes) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """{code: justification} for every ticked criterion."""
    return {
        c: getattr(form, f"j_{c}").data or ""
        for c in codes
        if getattr(form, f"c_{c}").data
    }


@bp.route("/<int:item_id>/mapping", methods=["GET", "POST"])
@LEARNER
def mapping(item_id: int) -> ResponseReturnValue:
    """Choose the criteria this evidence shows, each with a one-line reason."""
    item = _own(item_id)
    criteria = services.unit_criteria(db.session, item.unit_id)
    form = forms.mapping_form(criteria, data=_mapping_data(item, criteria))
    if form.validate_on_submit():
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
            db.session.commit()
            flash("Mapping saved.", "success")
            return redirect(url_for("evidence.item", item_id=item.id))
    return render_template(
        "evidence/mapping.html", form=form, item=item, criteria=criteria
    ), _status(form)


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
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
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
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Evidence withdrawn.", "success")
    return redirect(url_for("evidence.item", item_id=item_id))


@bp.get("/<int:item_id>/versions/<int:number>/file")
@signed_in
def file(item_id: int, number: int) -> ResponseReturnValue:
    """Download a version's file: authorised, as an attachment, sandboxed."""
    item = services.load_item(db.session, item_id, actor=current_user)
    version = next((v for v in item.versions if v.number == number), None)
    if version is None or not version.file_sha256:
        abort(404)
    name = "".join(ch for ch in version.file_name or "evidence" if ch.isprintable())
    with get_storage().open(version.file_sha256) as handle:
        data = io.BytesIO(handle.read())  # bounded by UPLOAD_MAX_MB
    response = send_file(
        data,
        mimetype=version.media_type,
        as_attachment=True,
        download_name=name or "evidence",
    )
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _coverage(learner_id: int) -> ResponseReturnValue:
    """Render the coverage matrix of one learner."""
    matrix = services.coverage_for(db.session, learner_id, actor=current_user)
    return render_template(
        "evidence/coverage.html",
        matrix=matrix,
        learner_id=learner_id,
        own=learner_id == current_user.id,
    )


@bp.get("/coverage")
@LEARNER
def coverage() -> ResponseReturnValue:
    """The learner's own coverage matrix."""
    return _coverage(current_user.id)


@bp.get("/learners/<int:learner_id>/coverage")
@STAFF
def learner_coverage(learner_id: int) -> ResponseReturnValue:
    """A learner's coverage matrix, read-only, for staff in scope."""
    return _coverage(learner_id)

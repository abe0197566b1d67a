"""Public verification: anyone can check a PDF (or its SHA-256) against exports."""

from __future__ import annotations

from flask import current_app, render_template
from flask.typing import ResponseReturnValue

from portfolio.core.access import public
from portfolio.core.edge import form_error, form_status
from portfolio.errors import ValidationError
from portfolio.exports import bp, services
from portfolio.exports.forms import VerifyForm
from portfolio.extensions import db


@bp.route("/verify", methods=["GET", "POST"])
@public
def verify() -> ResponseReturnValue:
    """Anyone can check whether a PDF (or a SHA-256) is an unaltered export."""
    form = VerifyForm()
    checked = match = document = None
    if form.validate_on_submit():
        try:
            document = _document(form)
            checked = document.sha256 if document else _fingerprint(form)
            match = (
                document.match if document else services.verify_sha(db.session, checked)
            )
        except ValidationError as exc:
            form_error(form, exc)
    return render_template(
        "exports/verify.html",
        form=form,
        checked=checked,
        match=match,
        document=document,
    ), form_status(form)


def _document(form: VerifyForm) -> services.DocumentCheck | None:
    """The uploaded PDF checked both ways, or None if none was uploaded."""
    upload = form.document.data
    if upload and getattr(upload, "filename", ""):
        return services.check_document(
            db.session, upload.stream, config=current_app.config
        )
    return None


def _fingerprint(form: VerifyForm) -> str:
    """The pasted SHA-256."""
    if (form.sha256.data or "").strip():
        return services.normalise_sha(form.sha256.data)
    raise ValidationError(
        "Upload the PDF or paste its SHA-256 fingerprint.", "document"
    )

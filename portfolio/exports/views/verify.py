"""Public verification: anyone can check a PDF (or its SHA-256) against exports."""

from __future__ import annotations

from flask import render_template
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
    checked = match = None
    if form.validate_on_submit():
        try:
            checked = _fingerprint(form)
            match = services.verify_sha(db.session, checked)
        except ValidationError as exc:
            form_error(form, exc)
    return render_template(
        "exports/verify.html", form=form, checked=checked, match=match
    ), form_status(form)


def _fingerprint(form: VerifyForm) -> str:
    """The SHA-256 of the uploaded file, or the pasted one."""
    upload = form.document.data
    if upload and getattr(upload, "filename", ""):
        return services.sha256_of(upload.stream)
    if (form.sha256.data or "").strip():
        return services.normalise_sha(form.sha256.data)
    raise ValidationError(
        "Upload the PDF or paste its SHA-256 fingerprint.", "document"
    )

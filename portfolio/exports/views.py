"""Export pages: start, follow progress, download; public verification."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import (
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from portfolio.auth import scopes
from portfolio.core.access import public, roles
from portfolio.auth.models import Enrolment, Role, User
from portfolio.errors import NotFoundError, ValidationError
from portfolio.exports import bp, jobs, services
from portfolio.exports.forms import ExportStartForm, VerifyForm
from portfolio.exports.models import ExportStatus
from portfolio.extensions import db

EXPORTERS = roles(Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN)


@bp.get("/exports")
@EXPORTERS
def index() -> ResponseReturnValue:
    """Learners go to their own exports; staff pick a learner."""
    if current_user.has_role(Role.LEARNER) and len(current_user.roles) == 1:
        return redirect(url_for("exports.learner", learner_id=current_user.id))
    visible = scopes.evidence_learner_ids_visible_to(current_user)
    learners = db.session.scalars(
        select(User).where(User.id.in_(visible)).order_by(User.display_name)
    ).all()
    return render_template("exports/index.html", learners=learners)


@bp.get("/learners/<int:learner_id>/exports")
@EXPORTERS
def learner(learner_id: int) -> ResponseReturnValue:
    """A learner's exports and the button that starts a new one."""
    exports = services.list_exports(db.session, learner_id, actor=current_user)
    person = db.session.get(User, learner_id)
    enrolled = db.session.scalar(
        select(Enrolment.id).where(Enrolment.learner_id == learner_id)
    )
    return render_template(
        "exports/learner.html",
        person=person,
        exports=exports,
        enrolled=enrolled is not None,
        form=ExportStartForm(),
    )


@bp.post("/learners/<int:learner_id>/exports")
@EXPORTERS
def start(learner_id: int) -> ResponseReturnValue:
    """Queue an export, then show its progress."""
    if not ExportStartForm().validate_on_submit():
        flash("The form expired. Please try again.", "error")
        return redirect(url_for("exports.learner", learner_id=learner_id))
    export = services.start_export(db.session, learner_id, actor=current_user)
    db.session.commit()
    jobs.dispatch(current_app._get_current_object(), export.id)
    flash("Export started. It may take a minute for a large portfolio.", "success")
    return redirect(url_for("exports.show", public_id=export.public_id))


@bp.get("/exports/<public_id>")
@EXPORTERS
def show(public_id: str) -> ResponseReturnValue:
    """Progress of one export, and the download once it is ready."""
    export = services.get_export(db.session, public_id, actor=current_user)
    return render_template("exports/show.html", export=export)


@bp.get("/exports/<public_id>/status")
@EXPORTERS
def status(public_id: str) -> ResponseReturnValue:
    """JSON progress for the poller."""
    export = services.get_export(db.session, public_id, actor=current_user)
    done = export.status == ExportStatus.DONE
    return jsonify(
        status=export.status,
        progress=export.progress,
        pages=export.page_count,
        download_url=url_for("exports.download", public_id=public_id) if done else None,
    )


@bp.get("/exports/<public_id>/download")
@EXPORTERS
def download(public_id: str) -> ResponseReturnValue:
    """The finished PDF."""
    export = services.get_export(db.session, public_id, actor=current_user)
    path = services.export_path(current_app.config["STORAGE_DIR"], export)
    if export.status != ExportStatus.DONE or not path.is_file():
        raise NotFoundError(f"export file {public_id}")
    name = f"portfolio-{export.learner_id}-{export.public_id[:8]}.pdf"
    return Response(
        _chunks(path),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(path.stat().st_size),
        },
    )


def _chunks(path: Path) -> Iterator[bytes]:
    """Stream a file; it is opened only once the body is read (and always closed)."""
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(1 << 16), b"")


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
            getattr(form, exc.field or "sha256").errors.append(str(exc))
    status = 200 if checked is not None or not form.errors else 422
    return render_template(
        "exports/verify.html", form=form, checked=checked, match=match
    ), status


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

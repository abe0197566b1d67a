"""Export pages: pick a learner, start an export, follow progress, download."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import (
    Flask,
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

from portfolio.core.access import recent_password
from portfolio.core.edge import after_commit, flash_failure
from portfolio.core.roles import Role
from portfolio.errors import ConflictError, NotFoundError
from portfolio.evidence.services.storage import get_storage, local_export_file
from portfolio.exports import bp, services
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.forms import ExportStartForm, ShareLinkForm
from portfolio.exports.services import jobs
from portfolio.exports.views._shared import EXPORTERS
from portfolio.extensions import db


@bp.get("/exports")
@EXPORTERS
def index() -> ResponseReturnValue:
    """Learners go to their own exports; staff pick a learner."""
    if current_user.has_role(Role.LEARNER) and len(current_user.roles) == 1:
        return redirect(url_for("exports.learner", learner_id=current_user.id))
    learners = services.list_exportable_learners(db.session, actor=current_user)
    return render_template("exports/index.html", learners=learners)


@bp.get("/learners/<int:learner_id>/exports")
@EXPORTERS
def learner(learner_id: int) -> ResponseReturnValue:
    """A learner's exports and the button that starts a new one."""
    found = services.learner_exports(db.session, learner_id, actor=current_user)
    return render_template(
        "exports/learner.html",
        person=found.person,
        exports=found.exports,
        enrolled=found.enrolled,
        form=ExportStartForm(),
    )


@bp.post("/learners/<int:learner_id>/exports")
@EXPORTERS
@recent_password
def start(learner_id: int) -> ResponseReturnValue:
    """Queue an export (its job starts once this request commits), show progress."""
    form = ExportStartForm()
    if not form.validate_on_submit():
        flash("The form expired. Please try again.", "error")
        return redirect(url_for("exports.learner", learner_id=learner_id))
    try:
        services.settings_for(current_app.config)
    except ConflictError as exc:
        flash_failure(exc)
        return redirect(url_for("exports.learner", learner_id=learner_id))
    export = services.start_export(
        db.session,
        learner_id,
        actor=current_user,
        drafts=bool(form.include_drafts.data),
    )
    # The job may run on another thread: hand it the app itself, not the proxy.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy hides it
    export_id = export.id  # read now: the commit expires the row
    after_commit(lambda: jobs.dispatch(app, export_id))
    flash("Export started. It may take a minute for a large portfolio.", "success")
    return redirect(url_for("exports.show", public_id=export.public_id))


@bp.get("/exports/<public_id>")
@EXPORTERS
def show(public_id: str) -> ResponseReturnValue:
    """Progress of one export, and the download once it is ready."""
    export = services.get_export(db.session, public_id, actor=current_user)
    return render_template(
        "exports/show.html", export=export, share_form=ShareLinkForm()
    )


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
    local_export_file(get_storage(), export.file_path, export.sha256)
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

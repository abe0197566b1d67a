"""Exports in the JSON API (/api/v1): start, progress, download.

The same services as the export pages: who may export a learner's portfolio is
``scopes.can_export_portfolio``; the job is dispatched once the request commits.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from portfolio.core.edge import after_commit
from portfolio.core.roles import Role
from portfolio.errors import NotFoundError
from portfolio.evidence.services.storage import get_storage, local_export_file
from portfolio.exports import services
from portfolio.exports.api import schemas
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db

blp = Blueprint(
    "api_exports",
    __name__,
    url_prefix="/api/v1",
    description="Portfolio PDF exports: start, progress, download",
)
EXPORTERS = frozenset({Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN})


def export_out(export: PortfolioExport) -> dict[str, Any]:
    """The API shape of one export."""
    done = export.status == ExportStatus.DONE
    pid = export.public_id
    return {
        "id": pid,
        "learner_id": export.learner_id,
        "status": export.status,
        "progress": export.progress,
        "pages": export.page_count,
        "size_bytes": export.size_bytes,
        "sha256": export.sha256,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "download_url": url_for("api_exports.ExportDownload", public_id=pid)
        if done
        else None,
        "verify_url": url_for("exports.verify", _external=True) if done else None,
    }


@blp.route("/learners/<int:learner_id>/exports")
class LearnerExports(MethodView):
    """A learner's exports."""

    _access = EXPORTERS

    @blp.response(200, schemas.ExportListSchema)
    def get(self, learner_id: int) -> dict[str, Any]:
        """The newest exports, newest first."""
        rows = services.list_exports(db.session, learner_id, actor=current_user)
        return {"items": [export_out(e) for e in rows]}

    @blp.response(202, schemas.ExportOutSchema)
    def post(self, learner_id: int) -> dict[str, Any]:
        """Queue an export; its job starts once this request commits."""
        export = services.start_export(db.session, learner_id, actor=current_user)
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy hides it
        export_id = export.id  # read now: the commit expires the row
        after_commit(lambda: jobs.dispatch(app, export_id))
        return export_out(export)


@blp.route("/exports/<public_id>")
class ExportOne(MethodView):
    """One export's progress."""

    _access = EXPORTERS

    @blp.response(200, schemas.ExportOutSchema)
    def get(self, public_id: str) -> dict[str, Any]:
        """Status, progress and, once done, the download address."""
        return export_out(
            services.get_export(db.session, public_id, actor=current_user)
        )


@blp.route("/exports/<public_id>/download")
class ExportDownload(MethodView):
    """The finished PDF."""

    _access = EXPORTERS

    @blp.response(
        200, {"type": "string", "format": "binary"}, content_type="application/pdf"
    )
    def get(self, public_id: str) -> Response:
        """The PDF file; 404 until the export is done."""
        export = services.get_export(db.session, public_id, actor=current_user)
        local_export_file(get_storage(), export.file_path, export.sha256)
        path = services.export_path(current_app.config["STORAGE_DIR"], export)
        if export.status != ExportStatus.DONE or not path.is_file():
            raise NotFoundError(f"export file {public_id}")
        name = f"portfolio-{export.learner_id}-{export.public_id[:8]}.pdf"
        return Response(
            path.read_bytes(),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

"""Objects of the exports feature for the access matrix and web tests."""

from __future__ import annotations

from pathlib import Path

from portfolio.core.time import utcnow
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import export_path


def make_finished_export(
    app, session, learner, requested_by, data: bytes = b"%PDF-1.7\n%%EOF\n"
):  # noqa: ANN001, ANN201
    """A done export with a (tiny) file on disk, committed."""
    export = PortfolioExport(
        learner_id=learner.id,
        requested_by_id=requested_by.id,
        status=ExportStatus.DONE,
        progress=100,
        page_count=1,
        finished_at=utcnow(),
    )
    session.add(export)
    session.flush()
    path = export_path(app.config["STORAGE_DIR"], export)
    path.parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    import hashlib

    export.sha256 = hashlib.sha256(data).hexdigest()
    export.file_path = f"exports/{path.name}"
    session.commit()
    return export


def export_matrix_ids(app, session, people) -> dict[str, str]:  # noqa: ANN001
    """Ids the access matrix fills into export URLs."""
    export = make_finished_export(app, session, people["learner"], people["assessor"])
    return {"export_of_learner": export.public_id}

"""Run export jobs: in a background thread by default, on RQ when REDIS_URL is set.

EXPORT_RUNNER chooses: "auto" (RQ if REDIS_URL, else thread), "thread", "rq",
"inline" (in the request) or "manual" (queued only: tests call ``execute``).
An RQ worker needs the web app's configuration:
``python worker.py`` (REDIS_URL set).

A job is an edge, like a request: unlike the other services it commits, once
when it starts, at the progress updates the poller shows, and once at the end.
Views start a job only after their request has committed
(``portfolio.core.edge.after_commit``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_app_context

from portfolio.core.time import utcnow
from portfolio.evidence.services.storage import (
    get_storage,
    share_export_file,
    stage_learner_files,
)
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import exports as services
from portfolio.extensions import db

if TYPE_CHECKING:
    from rq import Queue

log = logging.getLogger(__name__)
_threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
_PROGRESS_EVERY = 0.5  # seconds between progress commits


def runner(app: Flask) -> str:
    """Which runner this app uses."""
    chosen = str(app.config.get("EXPORT_RUNNER", "auto"))
    if chosen == "auto":
        return "rq" if app.config.get("REDIS_URL") else "thread"
    return chosen


def queue(app: Flask) -> Queue:
    """The RQ queue for exports."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"])
    return Queue(app.config.get("EXPORT_QUEUE", "exports"), connection=connection)


def dispatch(app: Flask, export_id: int) -> None:
    """Start the job for a committed, queued export."""
    how = runner(app)
    if how == "rq":
        queue(app).enqueue(
            "portfolio.exports.services.jobs.rq_run_export",
            export_id,
            job_timeout=app.config.get("EXPORT_TIMEOUT", 900),
        )
    elif how == "inline":
        execute(export_id)
    elif how == "thread":
        _threads.submit(_in_app, app, export_id)


def _in_app(app: Flask, export_id: int) -> None:
    """Run one job inside its own app context (and so its own session)."""
    with app.app_context():
        try:
            execute(export_id)
        finally:
            db.session.remove()


def rq_run_export(export_id: int) -> None:
    """RQ entry point; ``worker.py`` runs it inside the application context."""
    if not has_app_context():
        raise RuntimeError("run export jobs with worker.py, which provides the app")
    execute(export_id)


def execute(export_id: int) -> None:
    """Render one export, committing progress as it goes; never raises."""
    session = db.session
    export = session.get(PortfolioExport, export_id)
    if export is None or export.status != ExportStatus.QUEUED:
        return
    export.status = ExportStatus.RUNNING
    export.progress = 1
    export.runner, export.heartbeat_at = runner_id(), utcnow()
    session.commit()
    last = [time.monotonic()]

    def progress(percent: int) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_EVERY and percent < 100:
            export.progress = max(export.progress, min(percent, 99))
            export.heartbeat_at = utcnow()
            session.commit()
            last[0] = now

    try:
        storage = get_storage()
        stage_learner_files(session, storage, export.learner_id)
        services.run_export(
            session, export, config=dict(current_app.config), progress=progress
        )
        share_export_file(storage, export.file_path)
        session.commit()
    except Exception:  # noqa: BLE001 - a failed job is recorded, not raised
        log.exception("export %s failed", export_id)
        session.rollback()
        _record_failure(export_id)


def runner_id() -> str:
    """This process, as recorded on the exports it runs ("host:pid")."""
    return f"{socket.gethostname()}:{os.getpid()}"


def retry(app: Flask, export_id: int) -> bool:
    """Queue a failed (say, interrupted) export again; False if it is not failed."""
    export = db.session.get(PortfolioExport, export_id)
    if export is None or export.status != ExportStatus.FAILED:
        return False
    export.status, export.progress, export.error = ExportStatus.QUEUED, 0, None
    export.finished_at = export.runner = export.heartbeat_at = None
    db.session.commit()
    dispatch(app, export_id)
    return True


def _record_failure(export_id: int) -> None:
    """Mark the export failed with a safe message, in a fresh transaction."""
    export = db.session.get(PortfolioExport, export_id)
    if export is not None:
        services.fail_export(db.session, export, "The export could not be produced.")
        db.session.commit()


def wait_idle(timeout: float = 120) -> None:
    """Block until queued thread jobs have finished (tests and the CLI)."""
    done = threading.Event()
    _threads.submit(done.set)
    done.wait(timeout)

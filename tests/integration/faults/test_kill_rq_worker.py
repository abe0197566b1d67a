"""kill -9 of the RQ worker during an export: the export ends failed and retryable.

Also: the render pool's processes end with the killed worker, and the next worker's
start-up reconciliation is what marks the export failed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from portfolio.backup.reconcile import INTERRUPTED
from portfolio.exports import services as exports
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.conftest import make_test_app
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio
from tests.integration.scale.conftest import sealing_testimonies

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        here = todo.pop()
        kids = [p for p, parent in parents.items() if parent == here]
        found.update(kids)
        todo.extend(kids)
    return found


def _started(pid: int) -> str | None:
    """The start time of ``pid`` (tells a reused pid from the process we saw)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


def _alive(pid: int, started: str | None) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z" and fields[19] == started


def _wait(check, timeout: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def rq_app(tmp_path):
    """An app on a SQLite file whose exports go to an RQ queue of its own."""
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set")
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'portfolio.db'}",
        "REDIS_URL": REDIS_URL,
        "EXPORT_RUNNER": "rq",
        "EXPORT_QUEUE": f"exports-fault-{uuid.uuid4().hex[:8]}",
        "PDF_WORKERS": "1",
    }
    app = make_test_app(tmp_path, **settings)
    with app.app_context():
        db.create_all()
        people = make_people(db.session)
        with sealing_testimonies():
            build_portfolio(db.session, app, people)
        export = exports.start_export(
            db.session, people["learner"].id, actor=people["assessor"]
        )
        db.session.commit()
        app.config["export_id"] = export.id
    env = {
        **os.environ,
        "PORTFOLIO_ENV": "development",
        "DATABASE_URL": settings["SQLALCHEMY_DATABASE_URI"],
        "STORAGE_DIR": app.config["STORAGE_DIR"],
        "REDIS_URL": REDIS_URL,
        "EXPORT_QUEUE": settings["EXPORT_QUEUE"],
        "PDF_WORKERS": "1",
        "SECRET_KEY": "fault-test",
        "MALWARE_SCANNER": "off",
    }
    (ROOT / "instance").mkdir(exist_ok=True)
    workers: list[subprocess.Popen] = []
    log = (tmp_path / "worker.log").open("wb")

    def start_worker() -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "worker.py"], env=env, cwd=ROOT, stdout=log, stderr=log
        )
        workers.append(proc)
        return proc

    yield app, start_worker
    for proc in workers:
        for pid in _children(proc.pid):
            os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.wait(10)
    log.close()
    jobs.queue(app).delete(delete_jobs=True)


def _export(app) -> PortfolioExport:
    with app.app_context():
        row = db.session.get(PortfolioExport, app.config["export_id"])
        db.session.expunge(row)
        db.session.remove()
        return row


def test_kill_9_of_the_rq_worker_leaves_the_export_failed_and_retryable(
    rq_app,
) -> None:
    app, start_worker = rq_app
    worker = start_worker()
    jobs.dispatch(app, app.config["export_id"])
    _wait(lambda: _export(app).status == ExportStatus.RUNNING)
    runner = _export(app).runner
    assert runner and runner.endswith(tuple(f":{p}" for p in _children(worker.pid)))
    horse = int(runner.rsplit(":", 1)[1])
    # The resource tracker, the forkserver and the (one) render worker.
    _wait(lambda: len(_children(horse)) >= 3)
    pool = {pid: _started(pid) for pid in _children(horse)}
    os.kill(horse, signal.SIGKILL)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    # Nothing is left rendering for a dead parent.
    _wait(lambda: not any(_alive(pid, at) for pid, at in pool.items()), timeout=60)
    assert _export(app).status == ExportStatus.RUNNING  # what the kill left behind

    replacement = start_worker()  # start-up reconciliation runs first
    _wait(lambda: _export(app).status == ExportStatus.FAILED, timeout=60)
    assert _export(app).error == INTERRUPTED
    with app.app_context():
        assert jobs.retry(app, app.config["export_id"])
        db.session.remove()
    _wait(lambda: _export(app).status == ExportStatus.DONE, timeout=120)
    done = _export(app)
    assert done.sha256 and done.file_path
    assert (Path(app.config["STORAGE_DIR"]) / done.file_path).is_file()
    assert replacement.poll() is None

"""With REDIS_URL set, exports go through an RQ queue that any worker can run."""

from __future__ import annotations

import uuid

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from portfolio.exports import services
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import ROOT

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_queue(app):
    try:
        Redis.from_url(REDIS_URL).ping()
    except RedisConnectionError as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    app.config.update(
        REDIS_URL=REDIS_URL,
        EXPORT_RUNNER="auto",
        EXPORT_QUEUE=f"test-{uuid.uuid4().hex}",
    )
    queue = jobs.queue(app)
    yield queue
    queue.delete(delete_jobs=True)
    queue.connection.close()


def test_export_runs_on_an_rq_worker(app, redis_queue) -> None:
    from rq import SimpleWorker

    assert jobs.runner(app) == "rq"
    with app.app_context():
        people = make_people(db.session)
        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        export = services.start_export(
            db.session, people["learner"].id, actor=people["iqa"]
        )
        db.session.commit()
        jobs.dispatch(app, export.id)
        assert redis_queue.count == 1
        assert db.session.get(PortfolioExport, export.id).status == ExportStatus.QUEUED
        worker = SimpleWorker([redis_queue], connection=redis_queue.connection)
        worker.work(burst=True)
        db.session.expire_all()
        done = db.session.get(PortfolioExport, export.id)
        assert done.status == ExportStatus.DONE, done.error
        assert (
            services.export_path(app.config["STORAGE_DIR"], done).read_bytes()[:4]
            == b"%PDF"
        )

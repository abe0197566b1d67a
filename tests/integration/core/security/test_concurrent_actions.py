"""Forty simultaneous actions on one run: only 201 or 409, nothing lost or doubled."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from portfolio.auth.models import User
from portfolio.auth.services.tokens import create_token
from portfolio.extensions import db
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimulationRun
from tests.conftest import make_test_app
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

PARALLEL = 40


@pytest.fixture(params=["sqlite", "postgres"])
def threaded_app(request, tmp_path):  # type: ignore[no-untyped-def]
    """An app whose database every thread can open (a file, or PostgreSQL)."""
    if request.param == "sqlite":
        app = make_test_app(
            tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}"
        )
        with app.app_context():
            db.create_all()
        yield app
        return
    app = make_test_app(
        tmp_path, SQLALCHEMY_DATABASE_URI=request.getfixturevalue("pg_schema")
    )
    yield app
    with app.app_context():
        db.session.remove()
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def _setup(app) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        make_people(db.session)
        load_sim_content(db.session)
        learner = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=3,
        )
        _, token = create_token(db.session, learner, "race")
        db.session.commit()
        return run.id, token


def test_parallel_actions_answer_201_or_409_only(threaded_app) -> None:  # type: ignore[no-untyped-def]
    app = threaded_app
    run_id, token = _setup(app)
    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = []

    def act() -> None:
        client = app.test_client()
        barrier.wait()
        resp = client.post(
            f"/api/v1/runs/{run_id}/actions",
            headers={"Authorization": f"Bearer {token}"},
            json={"kind": "search_crm", "params": {"query": "a"}},
        )
        statuses.append(resp.status_code)

    threads = [threading.Thread(target=act) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    counts = Counter(statuses)
    assert set(counts) <= {201, 409}, counts
    assert counts[201] >= 1
    with app.app_context():
        seqs = db.session.scalars(
            select(RunAction.seq).where(RunAction.run_id == run_id)
        ).all()
        run = db.session.get(SimulationRun, run_id)
        assert sorted(seqs) == list(
            range(1, counts[201] + 1)
        )  # none lost, none doubled
        assert run is not None and run.action_count == counts[201]
        assert db.session.scalar(select(func.count()).select_from(RunAction)) == len(
            seqs
        )
    result = app.test_cli_runner().invoke(args=["audit-verify"])
    assert result.exit_code == 0, result.output

"""An action POST reads the run once and costs the same however long its log is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimulationRun
from portfolio.simulator.services.run_cache import run_cache
from tests.conftest import csrf_token, login
from tests.factories import make_people
from tests.web.assessment.test_query_counts import counting
from tests.web.simulator.helpers import load_sim_content

LOG_READ = "FROM simulation_action"  # the statement that rebuilds the action log


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    return client


def _run_with_log(app, length: int) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A fresh run with ``length`` actions logged, and its first customer's account."""
    with app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=2,
        )
        for n in range(length):
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind="search_crm",
                params={"query": f"query {n}"},
            )
        account = services.load_run(db.session, run).company.customers[0].account
        db.session.commit()
        return run.id, account


def _statements(app, client, url: str, data: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The SQL one action POST sends (the CSRF token fetched beforehand)."""
    payload = {"csrf_token": csrf_token(client), **data}
    with app.app_context():
        engine = db.engine
    with counting(engine) as seen:
        resp = client.post(url, data=payload)
    assert resp.status_code == 302, resp.status_code
    return list(seen)


def _kinds(app, run_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(RunAction.kind)
                .where(RunAction.run_id == run_id)
                .order_by(RunAction.seq)
            )
        )


@pytest.mark.parametrize("cold", [False, True], ids=["kept", "cold"])
def test_an_action_post_costs_the_same_for_a_short_and_a_long_log(
    app, client, cold
) -> None:  # type: ignore[no-untyped-def]
    counts = {}
    for length in (5, 50):
        run_id, _ = _run_with_log(app, length)
        if cold:  # a process that never served the run
            with app.app_context():
                run_cache(db.session).clear()
        seen = _statements(
            app,
            client,
            f"/simulator/runs/{run_id}/act/search_crm",
            {"search_crm-query": "Acme"},
        )
        assert _kinds(app, run_id)[-1] == "search_crm"
        assert len(_kinds(app, run_id)) == length + 1
        # a cold process rebuilds the run once; one that kept it (committed, same
        # version and updated_at) reads no log at all
        assert sum(LOG_READ in s for s in seen) == (1 if cold else 0), seen
        counts[length] = len(seen)
    assert counts[5] == counts[50], counts
    # session, run, log (cold), content digest (every few seconds); insert the log
    # row, update the run
    assert counts[5] <= (6 if cold else 5), counts


def test_an_action_with_a_follow_up_still_reads_the_run_once(app, client) -> None:  # type: ignore[no-untyped-def]
    run_id, account = _run_with_log(app, 5)
    seen = _statements(
        app,
        client,
        f"/simulator/runs/{run_id}/act/open_customer",
        {"open_customer-account": account, "use_for_order": "1"},
    )
    assert _kinds(app, run_id)[-2:] == ["open_customer", "set_order_header"]
    assert sum(LOG_READ in s for s in seen) <= 1, seen
    # the content digest is read at most once (and at most every few seconds)
    assert sum("sim_content" in s for s in seen) <= 1, seen
    with app.app_context():  # the follow-up saw the first action's result
        run = db.session.get(SimulationRun, run_id)
        assert run is not None
        assert services.load_run(db.session, run).state.order.account == account

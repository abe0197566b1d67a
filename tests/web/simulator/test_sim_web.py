"""Simulator pages and JSON API through the test client."""

from __future__ import annotations

import json

import pytest
from flask import url_for
from sqlalchemy import event, func, select

from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.models import RunAction, SimulationRun
from tests.conftest import login, post
from tests.factories import make_people
from tests.web.simulator.helpers import finished_run, load_sim_content


@pytest.fixture
def people(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_sim_content(db.session)
        users = make_people(db.session)
        db.session.commit()
        return {k: u.id for k, u in users.items()}


@pytest.fixture
def learner_client(app, people):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "learner@test.example")
    return client


def _token(app, key: str) -> str:  # type: ignore[no-untyped-def]
    from portfolio.auth.models import User
    from portfolio.auth.services.tokens import create_token

    with app.app_context():
        user = db.session.scalars(
            select(User).where(User.email == f"{key.replace('_', '.')}@test.example")
        ).one()
        _, plain = create_token(db.session, user, "t")
        db.session.commit()
        return plain


def test_start_act_and_see_the_result(app, learner_client) -> None:  # type: ignore[no-untyped-def]
    resp = post(
        learner_client,
        "/simulator/runs",
        {"scenario_type": "standard", "difficulty": "easy", "seed": "5"},
    )
    assert resp.status_code == 302
    run_url = resp.location
    page = learner_client.get(run_url).get_data(as_text=True)
    assert "Order desk" in page and "You can now" in page
    resp = post(learner_client, f"{run_url}/act/search_crm", {"search_crm-query": "a"})
    assert resp.status_code == 302
    page = learner_client.get(run_url).get_data(as_text=True)
    assert "Search the CRM: done." in page and "Customers matching" in page


def test_bad_form_input_gets_a_clear_error_and_writes_nothing(
    app, learner_client
) -> None:  # type: ignore[no-untyped-def]
    resp = post(
        learner_client,
        "/simulator/runs",
        {"scenario_type": "standard", "difficulty": "easy"},
    )
    run_url = resp.location
    resp = post(
        learner_client,
        f"{run_url}/act/add_line",
        {"add_line-code": "DSK-STD-1600-OAK", "add_line-qty": "lots"},
    )
    assert resp.status_code == 302 and resp.location.endswith("#act-add_line")
    body = learner_client.get(resp.location).get_data(as_text=True)
    assert body.count("Enter the quantity as a whole number.") == 1
    assert 'value="lots"' in body and 'value="DSK-STD-1600-OAK"' in body
    assert "There is a problem" not in body  # one message, beside the field
    again = learner_client.get(run_url).get_data(as_text=True)
    assert "Enter the quantity as a whole number." not in again  # shown once
    resp = post(learner_client, "/simulator/runs", {"difficulty": "easy"})
    assert resp.status_code == 422 and "Choose a type of order." in resp.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RunAction)) == 0
        assert db.session.scalar(select(func.count()).select_from(SimulationRun)) == 1


def test_refused_action_is_explained(app, learner_client) -> None:  # type: ignore[no-untyped-def]
    run_url = post(
        learner_client,
        "/simulator/runs",
        {"scenario_type": "urgent", "difficulty": "easy"},
    ).location
    resp = post(learner_client, f"{run_url}/act/submit_order", {})
    assert resp.location.endswith("#act-submit_order")
    page = learner_client.get(resp.location).get_data(as_text=True)
    refusal = page.split('id="refusal-submit_order"', 1)[1].split("</p>", 1)[0]
    assert "was not done:" in refusal and len(refusal) > 40
    assert page.index('id="refusal-submit_order"') > page.index('id="act-submit_order"')


def test_debrief_after_a_perfect_run(app, people, learner_client) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        from portfolio.auth.models import User

        run = finished_run(db.session, db.session.get(User, people["learner"]))
        db.session.commit()
        run_id = run.id
    page = learner_client.get(f"/simulator/runs/{run_id}/debrief").get_data(
        as_text=True
    )
    assert "All four marking points met." in page
    for code in ("MP1", "MP2", "MP3", "MP4"):
        assert f'id="mp-{code}"' in page
    assert "Timeline" in page and "model answer" in page
    progress = learner_client.get("/simulator/progress").get_data(as_text=True)
    assert "1</span> scenarios completed" in progress and "<svg" in progress
    assert "Still to practise" in progress


def test_workspace_queries_do_not_grow_with_the_log(
    app, people, learner_client
) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        from portfolio.auth.models import User

        learner = db.session.get(User, people["learner"])
        short = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=8,
        )
        long = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=9,
        )
        for i in range(200):
            services.take_action(
                db.session,
                long.id,
                actor=learner,
                kind="search_crm",
                params={"query": f"x{i}"},
            )
        services.take_action(
            db.session, short.id, actor=learner, kind="read_brief", params={}
        )
        db.session.commit()
        ids = (short.id, long.id)

    def count(url: str) -> int:
        with app.app_context():
            seen = []
            listener = lambda *a, **k: seen.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert learner_client.get(url).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(seen)

    short_count = count(f"/simulator/runs/{ids[0]}")
    assert short_count == count(f"/simulator/runs/{ids[1]}")
    assert short_count < 25, f"the workspace issues {short_count} queries"


def test_api_plays_a_whole_run_per_type(app, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {_token(app, 'learner')}"}
    options = client.get("/api/v1/scenarios/options", headers=headers).json
    assert set(options["complications"]) == set(engine.COMPLICATIONS)
    for scenario_type in ("standard", "bespoke", "urgent"):
        resp = client.post(
            "/api/v1/runs",
            headers=headers,
            json={"scenario_type": scenario_type, "difficulty": "hard", "seed": 42},
        )
        assert resp.status_code == 201, resp.json
        run_id = resp.json["id"]
        with app.app_context():
            run = db.session.get(SimulationRun, run_id)
            loaded = services.load_run(db.session, run)
            script = engine.perfect_actions(loaded.company, loaded.scenario)
        for action in script:
            resp = client.post(
                f"/api/v1/runs/{run_id}/actions",
                headers=headers,
                json={
                    "kind": action.kind,
                    "params": json.loads(json.dumps(action.params, default=str)),
                },
            )
            assert resp.status_code == 201, resp.json
            assert resp.json["entry"]["accepted"], resp.json["entry"]
        debrief = client.get(f"/api/v1/runs/{run_id}/debrief", headers=headers).json
        assert all(c["met"] for c in debrief["score"]["criteria"].values()), debrief


def test_api_bad_input_names_the_field_and_writes_nothing(app, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {_token(app, 'learner')}"}
    resp = client.post(
        "/api/v1/runs",
        headers=headers,
        json={"scenario_type": "weird", "difficulty": "easy"},
    )
    assert resp.status_code == 422 and "scenario_type" in json.dumps(resp.json)
    run_id = client.post(
        "/api/v1/runs",
        headers=headers,
        json={"scenario_type": "standard", "difficulty": "easy"},
    ).json["id"]
    resp = client.post(
        f"/api/v1/runs/{run_id}/actions",
        headers=headers,
        json={"kind": "add_line", "params": {"code": "X", "qty": "many"}},
    )
    assert resp.status_code == 422 and "qty" in json.dumps(resp.json)
    resp = client.post(
        f"/api/v1/runs/{run_id}/actions",
        headers=headers,
        json={"kind": "fly_to_the_moon"},
    )
    assert resp.status_code == 422 and "kind" in json.dumps(resp.json)
    resp = client.post(f"/api/v1/runs/{run_id}/actions", headers=headers, json={})
    assert resp.status_code == 422 and "kind" in json.dumps(resp.json)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RunAction)) == 0
    other = {"Authorization": f"Bearer {_token(app, 'learner_b')}"}
    assert client.get(f"/api/v1/runs/{run_id}", headers=other).status_code == 404
    assert (
        client.get(f"/api/v1/runs/{run_id}/answer-key", headers=headers).status_code
        == 404
    )
    staff = {"Authorization": f"Bearer {_token(app, 'assessor')}"}
    key = client.get(f"/api/v1/runs/{run_id}/answer-key", headers=staff)
    assert key.status_code == 200 and key.json["truth"]["account"]


def test_openapi_documents_the_simulator(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").json
    for path in (
        "/api/v1/runs",
        "/api/v1/runs/{run_id}/actions",
        "/api/v1/runs/{run_id}/debrief",
        "/api/v1/runs/{run_id}/answer-key",
    ):
        assert path in spec["paths"], path


def test_a_finished_run_becomes_draft_evidence_once(
    app, people, learner_client
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.evidence.models import EvidenceItem
    from portfolio.framework.services import load_framework
    from tests.web.simulator.helpers import SEEDS

    with app.app_context():
        from portfolio.auth.models import User

        load_framework(db.session, SEEDS / "framework.yaml")
        run = finished_run(
            db.session,
            db.session.get(User, people["learner"]),
            scenario_type="urgent",
            seed=12,
        )
        db.session.commit()
        run_id = run.id
    with app.test_request_context():
        add_url = url_for("evidence.add_simulator_run", run_id=run_id)
    resp = post(learner_client, add_url)
    assert resp.status_code == 302
    with app.app_context():
        items = db.session.scalars(
            select(EvidenceItem).where(EvidenceItem.sim_run_id == run_id)
        ).all()
        assert len(items) >= 2
        assert {i.status for i in items} == {"draft"}
        assert all(i.order_type == "urgent" for i in items)
    post(learner_client, add_url)
    with app.app_context():
        again = db.session.scalar(
            select(func.count())
            .select_from(EvidenceItem)
            .where(EvidenceItem.sim_run_id == run_id)
        )
        assert again == len(items)
        assert db.session.get(SimulationRun, run_id).in_portfolio_at is not None
    page = learner_client.get("/evidence/").get_data(as_text=True)
    assert "already in your portfolio" in page or "Completed order form" in page

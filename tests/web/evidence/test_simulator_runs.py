"""Adding a finished simulator run to the portfolio (POST /evidence/simulator-runs/…)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portfolio.auth.models import User
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from portfolio.simulator import services as simulator
from portfolio.simulator.models import SimulationRun
from tests.conftest import login, post
from tests.integration.evidence.helpers import seed
from tests.web.simulator.helpers import finished_run, load_sim_content


@pytest.fixture
def runs(app):
    """The learner's finished and active runs, and another learner's finished run."""
    with app.app_context():
        people = seed(db.session)
        load_sim_content(db.session)
        learner, other = people["learner"], people["learner_b"]
        active = simulator.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=5,
        )
        ids = {
            "done": finished_run(db.session, learner, "urgent", seed=12).id,
            "active": active.id,
            "others": finished_run(db.session, other, seed=13).id,
        }
        db.session.commit()
        return ids


def _items(app, run_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(EvidenceItem)
            .where(EvidenceItem.sim_run_id == run_id)
        )


def _marked(app, run_id: int) -> bool:
    with app.app_context():
        return db.session.get(SimulationRun, run_id).in_portfolio_at is not None


@pytest.fixture
def learner(app):
    client = app.test_client()
    assert login(client, "learner@test.example").status_code == 302
    return client


def test_a_learner_adds_their_finished_run_once(app, runs, learner) -> None:
    url = f"/evidence/simulator-runs/{runs['done']}/add"
    resp = post(learner, url)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/evidence/")
    page = learner.get("/evidence/").get_data(as_text=True)
    assert "draft work product(s)" in page
    created = _items(app, runs["done"])
    assert created >= 2 and _marked(app, runs["done"])
    with app.app_context():
        rows = db.session.scalars(
            select(EvidenceItem).where(EvidenceItem.sim_run_id == runs["done"])
        ).all()
        learner_id = db.session.scalar(
            select(User.id).where(User.email == "learner@test.example")
        )
        assert {(i.status, i.kind, i.context, i.order_type) for i in rows} == {
            ("draft", "work_product", "simulation", "urgent")
        }
        assert {i.learner_id for i in rows} == {learner_id}
    again = post(learner, url, follow_redirects=True)
    assert "already in your portfolio" in again.get_data(as_text=True)
    assert _items(app, runs["done"]) == created


def test_another_learners_run_is_not_found(app, runs, learner) -> None:
    resp = post(learner, f"/evidence/simulator-runs/{runs['others']}/add")
    assert resp.status_code == 404
    assert _items(app, runs["others"]) == 0 and not _marked(app, runs["others"])


def test_an_unfinished_or_missing_run_is_refused_and_nothing_is_written(
    app, runs, learner
) -> None:
    resp = post(learner, f"/evidence/simulator-runs/{runs['active']}/add")
    assert resp.status_code == 409
    assert "Finish the scenario" in resp.get_data(as_text=True)
    assert _items(app, runs["active"]) == 0 and not _marked(app, runs["active"])
    assert post(learner, "/evidence/simulator-runs/99999/add").status_code == 404


def test_the_form_needs_its_csrf_token(app, runs) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    assert login(client, "learner@test.example").status_code == 302
    resp = client.post(f"/evidence/simulator-runs/{runs['done']}/add")
    assert resp.status_code == 400 and _items(app, runs["done"]) == 0

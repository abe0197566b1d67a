"""The desk's order bar: the total, the line count and one next step (practice only)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from tests.conftest import login
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

NEXT = re.compile(r'<a class="order-bar__next" href="#([^"]+)">Next: ([^<]+)</a>')


@pytest.fixture
def learner(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    return client


def _play(app, mode: str, upto: str | None) -> str:  # type: ignore[no-untyped-def]
    """A standard run played by the answer key up to (not including) ``upto``."""
    with app.app_context():
        actor = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        run = services.start_run(
            db.session,
            actor=actor,
            scenario_type="standard",
            difficulty="easy",
            seed=2,
            mode=mode,
        )
        loaded = services.load_run(db.session, run)
        script = engine.perfect_actions(loaded.company, loaded.scenario)
        kinds = [a.kind for a in script]
        for action in script[: kinds.index(upto) if upto else 0]:
            services.take_action(
                db.session,
                run.id,
                actor=actor,
                kind=action.kind,
                params=dict(action.params),
            )
        db.session.commit()
        return f"/simulator/runs/{run.id}"


def _bar(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).get_data(as_text=True)
    return re.search(r'<div class="order-bar" id="order-bar">(.*?)</div>', page, re.S)[
        1
    ]


def test_next_step_does_the_groundwork_before_the_confirmation(app, learner) -> None:  # type: ignore[no-untyped-def]
    bar = _bar(learner, _play(app, "practice", None))
    assert NEXT.findall(bar) == [("brief", "Read the request")]
    assert '<strong id="order-bar-total">£0.00</strong>' in bar and "0 lines" in bar
    # A line whose stock is not checked: check it before anything else.
    bar = _bar(learner, _play(app, "practice", "check_stock"))
    assert NEXT.findall(bar) == [("lines", "Check stock")]
    assert "1 line<" in bar and "£0.00" not in bar
    # Checked: the furthest step allowed, the confirmation.
    bar = _bar(learner, _play(app, "practice", "send_confirmation"))
    assert NEXT.findall(bar) == [("act-send_confirmation", "Send confirmation")]


def test_an_assessed_run_shows_the_total_but_no_next_step(app, learner) -> None:  # type: ignore[no-untyped-def]
    bar = _bar(learner, _play(app, "assessment", "check_stock"))
    assert NEXT.findall(bar) == [] and 'href="#lines">Order lines</a>' in bar
    assert "1 line<" in bar

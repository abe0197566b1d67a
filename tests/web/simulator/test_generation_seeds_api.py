"""Starting runs through the API never answers 500, whatever the seed (issue 19)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from tests.factories import make_people
from tests.web.simulator.helpers import load_sim_content

# Seeds whose scenarios once failed to generate (a stock-shortage substitute for a
# product whose only substitute was already on the order), then an even spread.
ONCE_FAILED = [
    ("bespoke", "hard", 5259),
    ("standard", "medium", 7723),
    ("standard", "hard", 400),
    ("standard", "hard", 9929),
    ("bespoke", "hard", 72),
    ("bespoke", "hard", 9897),
    ("urgent", "medium", 393),
    ("urgent", "hard", 95),
    ("urgent", "hard", 9335),
]
SPREAD = [
    (kind, level, seed)
    for i, (kind, level) in enumerate(
        (k, lv)
        for k in ("standard", "bespoke", "urgent")
        for lv in ("easy", "medium", "hard")
    )
    for seed in (i * 1_111 + 7, 5_000 + i * 37, 9_990 - i)
]
SAMPLE = ONCE_FAILED + SPREAD


@pytest.fixture
def learner_token(app):  # type: ignore[no-untyped-def]
    """An API token of a learner, with the simulated company seeded."""
    from portfolio.auth.models import User
    from portfolio.auth.services.tokens import create_token

    with app.app_context():
        load_sim_content(db.session)
        make_people(db.session)
        db.session.commit()
        user = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        _, plain = create_token(db.session, user, "seeds")
        db.session.commit()
        return plain


def test_the_sample_has_the_reported_seed_and_thirty_others() -> None:
    assert ("bespoke", "hard", 5259) in SAMPLE
    assert len(set(SAMPLE)) >= 31


def test_starting_a_run_for_any_seed_never_answers_500(app, learner_token) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {learner_token}"}
    answers = {}
    for kind, level, seed in SAMPLE:
        resp = client.post(
            "/api/v1/runs",
            headers=headers,
            json={"scenario_type": kind, "difficulty": level, "seed": seed},
        )
        answers[(kind, level, seed)] = resp.status_code
    assert answers[("bespoke", "hard", 5259)] == 201
    assert {k: v for k, v in answers.items() if v != 201} == {}

"""The navigation's badge link is looked up once per request, and only for learners."""

from __future__ import annotations

from portfolio.badges import services as badge_services
from portfolio.extensions import db
from tests.conftest import login
from tests.integration.assessment.helpers import seed


def _calls(app, monkeypatch, email: str, path: str) -> int:  # noqa: ANN001
    """How often ``has_badge`` runs while ``path`` renders for ``email``."""
    with app.app_context():
        seed(db.session)
        db.session.commit()
    client = app.test_client()
    login(client, email)
    calls: list[int] = []
    real = badge_services.has_badge

    def counted(session, learner_id):  # noqa: ANN001, ANN202
        calls.append(learner_id)
        return real(session, learner_id)

    monkeypatch.setattr(badge_services, "has_badge", counted)
    assert client.get(path).status_code == 200
    return len(calls)


def test_learner_nav_asks_once_per_request(app, monkeypatch) -> None:  # noqa: ANN001
    # Not the dashboard: it reads the answer with its own data (tests/web/main).
    calls = _calls(app, monkeypatch, "learner@test.example", "/assessment/coverage")
    assert calls == 1


def test_learner_nav_answer_is_reused_in_one_request(app) -> None:  # noqa: ANN001
    with app.app_context():
        people = seed(db.session)
        db.session.commit()
        learner_id = people["learner"].id
    from flask import g
    from flask_login import login_user

    from portfolio.auth.models import User

    with app.test_request_context("/dashboard"):
        login_user(db.session.get(User, learner_id))
        ctx: dict[str, object] = {}
        app.update_template_context(ctx)
        ask = ctx["learner_has_badge"]
        assert callable(ask)
        first = ask()
        g.learner_has_badge = not first  # a second call must read the cached answer
        assert ask() is (not first)


def test_assessor_nav_never_asks(app, monkeypatch) -> None:  # noqa: ANN001
    assert (
        _calls(app, monkeypatch, "assessor@test.example", "/assessment/caseload") == 0
    )

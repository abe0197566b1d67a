"""The learner and admin dashboards: what they read in few, fixed queries (issue 17)."""

from __future__ import annotations

from datetime import timedelta

from portfolio.assessment.models import CohortPlan
from portfolio.auth.models import Enrolment
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import seed, submitted
from tests.web.assessment.test_query_counts import counting


def _queries(app, client, path: str) -> int:  # noqa: ANN001
    """How many statements one more GET of ``path`` sends."""
    with app.app_context():
        engine = db.engine
    client.get(path)
    with counting(engine) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def _nearly_due(learner_id: int) -> None:
    """Move the learner's plan to end tomorrow: nearly every criterion is expected."""
    today = utcnow().date()
    row = db.session.query(Enrolment).filter_by(learner_id=learner_id).one()
    row.start_date, row.planned_end_date = today - timedelta(300), today + timedelta(1)


def test_learner_dashboard_reads_the_cohort_plan_with_the_enrolment(app) -> None:  # noqa: ANN001
    with app.app_context():
        people = seed(db.session)
        _nearly_due(people["learner"].id)
        db.session.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    assert "tag tag--red" in client.get("/dashboard").get_data(as_text=True)
    with app.app_context():
        cohort_id = db.session.query(Enrolment).first().cohort_id
        db.session.add(CohortPlan(cohort_id=cohort_id, amber_behind=98, red_behind=99))
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<span class="tag tag--green">On track</span>' in page
    assert "Test cohort" in page


def test_learner_not_enrolled_sees_the_default_plan(app) -> None:  # noqa: ANN001
    with app.app_context():
        seed(db.session)
        make_user(db.session, "new@test.example", [Role.LEARNER])
        db.session.commit()
    client = app.test_client()
    login(client, "new@test.example")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "You are not enrolled on a cohort yet." in page
    assert "Practise a scenario at the order desk</a></li>" in page  # no runs yet


def test_learner_dashboard_queries_do_not_grow_and_stay_few(app) -> None:  # noqa: ANN001
    with app.app_context():
        people = seed(db.session)
        learner_id = people["learner"].id
        submitted(db.session, people["learner"], ("K1", "MP1"))
        db.session.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    small = _queries(app, client, "/dashboard")
    with app.app_context():
        from portfolio.auth.models import User

        learner = db.session.get(User, learner_id)
        for n in range(12):
            submitted(db.session, learner, ("K2", "R1"), title=f"Item {n}")
        db.session.commit()
    assert _queries(app, client, "/dashboard") == small
    assert small <= 11, small  # 16 before issue 17


def test_admin_dashboard_counts_in_few_queries(app) -> None:  # noqa: ANN001
    with app.app_context():
        people = len(seed(db.session))
        db.session.commit()
    client = app.test_client()
    login(client, "admin@test.example")
    small = _queries(app, client, "/dashboard")
    with app.app_context():
        for n in range(15):
            extra = make_user(db.session, f"extra{n}@test.example", [Role.LEARNER])
            make_enrolment(db.session, extra)
        db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert _queries(app, client, "/dashboard") == small
    assert small <= 10, small  # 13 before issue 17
    users = people + 15
    assert f'<span class="stat-card__n">{users}</span> accounts' in page
    # The 15 new learners have neither assessor nor supervisor; the seeded second
    # learner has no supervisor.
    assert '<span class="stat-card__n">15</span> learners without an assessor' in page
    assert '<span class="stat-card__n">16</span> learners without a supervisor' in page
    assert '<span class="stat-card__n">17</span> learners</a>' in page


def _sign_off(learner_id: int, *, locked: bool) -> None:
    """A unit sign-off of the learner, locked (a badge) or awaiting their declaration."""
    from portfolio.assessment.models import UnitSignOff
    from portfolio.framework.services import default_unit

    now = utcnow()
    db.session.add(
        UnitSignOff(
            learner_id=learner_id,
            unit_id=default_unit(db.session).id,
            assessor_declaration="Signed off.",
            assessor_signed_at=now,
            learner_declaration="Mine." if locked else None,
            learner_signed_at=now if locked else None,
            locked_at=now if locked else None,
            version_id=1,
        )
    )


def test_dashboard_reads_the_badge_link_with_its_data(app, monkeypatch) -> None:  # noqa: ANN001
    from portfolio.badges import services as badge_services

    with app.app_context():
        people = seed(db.session)
        _sign_off(people["learner"].id, locked=True)
        _sign_off(people["learner_b"].id, locked=False)
        db.session.commit()
    asked: list[int] = []
    real = badge_services.has_badge
    monkeypatch.setattr(
        badge_services, "has_badge", lambda s, i: asked.append(i) or real(s, i)
    )
    holder, waiting = app.test_client(), app.test_client()
    login(holder, "learner@test.example")
    login(waiting, "learner.b@test.example")
    held = holder.get("/dashboard").get_data(as_text=True)
    pending = waiting.get("/dashboard").get_data(as_text=True)
    assert asked == []
    assert 'href="/badges/"' in held and "declaration for unit sign-off" not in held
    assert 'href="/badges/"' not in pending
    assert "Your declaration for unit sign-off" in pending
    # Elsewhere the navigation still asks, and gives the same answer.
    coverage = holder.get("/assessment/coverage").get_data(as_text=True)
    assert 'href="/badges/"' in coverage
    assert len(asked) == 1


def test_learner_dashboard_names_the_people_or_says_nobody(app) -> None:  # noqa: ANN001
    with app.app_context():
        people = seed(db.session)
        names = {k: people[k].display_name for k in ("assessor", "assessor_b")}
        alone_id = people["learner_b"].id
        db.session.commit()
    held, alone = app.test_client(), app.test_client()
    login(held, "learner@test.example")
    login(alone, "learner.b@test.example")
    page = held.get("/dashboard").get_data(as_text=True)
    assert "<dt>Cohort</dt><dd>Test cohort</dd>" in page
    assert f"<dt>Assessor</dt><dd>{names['assessor']}</dd>" in page
    assert "<dt>Workplace supervisor</dt><dd>Supervisor</dd>" in page
    page = alone.get("/dashboard").get_data(as_text=True)
    assert f"<dt>Assessor</dt><dd>{names['assessor_b']}</dd>" in page
    assert "<dt>Workplace supervisor</dt><dd>Not yet assigned</dd>" in page
    with app.app_context():
        row = db.session.query(Enrolment).filter_by(learner_id=alone_id)
        row.one().cohort_id = None
        db.session.commit()
    page = alone.get("/dashboard").get_data(as_text=True)
    assert "<dt>Cohort</dt><dd>Not yet assigned</dd>" in page


def test_learner_not_enrolled_reads_as_few_queries_as_one_enrolled(app) -> None:  # noqa: ANN001
    with app.app_context():
        seed(db.session)
        make_user(db.session, "new@test.example", [Role.LEARNER])
        db.session.commit()
    enrolled, new = app.test_client(), app.test_client()
    login(enrolled, "learner@test.example")
    login(new, "new@test.example")
    assert _queries(app, new, "/dashboard") == _queries(app, enrolled, "/dashboard")

"""The coverage page: criteria as rows, states with counts, filters, fixed queries."""

from __future__ import annotations

from portfolio.extensions import db
from tests.conftest import login
from tests.integration.assessment.helpers import accept, seed, submitted
from tests.web.assessment.test_query_counts import counting


def _draft(session, learner, codes, order_type="urgent", title="Draft"):
    """A draft item claiming ``codes``."""
    from portfolio.evidence import services as evidence
    from tests.integration.evidence.helpers import details

    item = evidence.create_item(
        session,
        actor=learner,
        kind="reflection",
        details=details(title, order_type=order_type),
        data={"what_happened": "x"},
    )
    evidence.set_claims(
        session, item.id, {c: f"shows {c}" for c in codes}, actor=learner
    )
    return item


def _setup(app):
    with app.app_context():
        people = seed(db.session)
        learner, assessor = people["learner"], people["assessor"]
        accept(
            db.session,
            assessor,
            submitted(db.session, learner, ("MP1",), title="Met one"),
        )
        submitted(db.session, learner, ("MP1", "K1"), title="Waiting one")
        _draft(db.session, learner, ("K2",), title="Urgent draft")
        db.session.commit()
        return learner.id


def test_rows_show_state_counts_and_items_on_demand(app) -> None:
    _setup(app)
    client = app.test_client()
    login(client, "learner@test.example")
    body = client.get("/assessment/coverage").get_data(as_text=True)
    mp1 = body[body.index('id="row-MP1"') : body.index('id="row-MP2"')]
    assert ">Met</span>" in mp1 and "1 met, 1 submitted" in mp1
    assert "Met one" in mp1 and "Waiting one" in mp1 and "<details" in mp1
    k2 = body[body.index('id="row-K2"') : body.index('id="row-K3"')]
    assert "Claimed only" in k2
    # A draft of an urgent order is "claimed only" for R3, never covered.
    r3 = body[body.index('id="row-R3"') :]
    assert "Claimed only" in r3.split("</li>")[0]
    mp2 = body[body.index('id="row-MP2"') : body.index('id="row-MP3"')]
    assert ">Gap</span>" in mp2 and "No evidence yet" in mp2


def test_filters_by_state_and_order_type(app) -> None:
    _setup(app)
    client = app.test_client()
    login(client, "learner@test.example")
    body = client.get("/assessment/coverage?state=gap").get_data(as_text=True)
    assert 'id="row-MP2"' in body and 'id="row-MP1"' not in body
    body = client.get("/assessment/coverage?order_type=urgent").get_data(as_text=True)
    mp1 = body[body.index('id="row-MP1"') : body.index('id="row-MP2"')]
    assert ">Gap</span>" in mp1 and "(urgent orders only)" in body
    assert (
        client.get("/assessment/coverage?order_type=nonsense&state=x").status_code
        == 200
    )


def test_assessor_sees_the_same_layout_for_their_learner(app) -> None:
    learner_id = _setup(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    body = client.get(f"/assessment/learners/{learner_id}/coverage").get_data(
        as_text=True
    )
    assert (
        "Coverage: " in body and 'id="row-MP1"' in body and "1 met, 1 submitted" in body
    )


def test_coverage_queries_do_not_grow_with_items(app) -> None:
    with app.app_context():
        people = seed(db.session)
        learner_id = people["learner"].id
        for n in range(10):
            submitted(db.session, people["learner"], ("K1", "MP1"), title=f"Item {n}")
        db.session.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    with app.app_context():
        engine = db.engine
    client.get("/assessment/coverage")
    with counting(engine) as small:
        client.get("/assessment/coverage")
    with app.app_context():
        from portfolio.auth.models import User

        learner = db.session.get(User, learner_id)
        for n in range(10, 200):
            submitted(db.session, learner, ("K1",), title=f"Item {n}")
        db.session.commit()
    with counting(engine) as large:
        body = client.get("/assessment/coverage").get_data(as_text=True)
    assert len(large) == len(small)
    assert "200 submitted" in body


def test_staff_coverage_checks_the_reader_once_and_refuses_others(
    tmp_path, redis_cache
) -> None:
    """With the page cache on, the scope check is the page's only access query.

    The page does not ask again (it rendered twice the same question before), and
    an assessor of someone else is still refused, fresh or after it was cached.
    """
    from sqlalchemy import update

    from portfolio.auth.models import Enrolment
    from tests.integration.evidence.helpers import seeded_app

    app = seeded_app(tmp_path, "coverage", **redis_cache)
    learner_id = app.config["IDS"]["learner"]
    path = f"/assessment/learners/{learner_id}/coverage"
    with app.app_context():
        engine = db.engine
    mine = app.test_client()
    login(mine, "assessor@test.example")
    assert mine.get(path).status_code == 200
    with counting(engine) as seen:
        resp = mine.get(path, headers={"Cache-Control": "no-cache"})
    assert resp.status_code == 200 and resp.headers["X-Page-Cache"] == "miss"
    scope_checks = [s for s in seen if "enrolment.assessor_id" in s]
    assert len(scope_checks) == 1, scope_checks
    other = app.test_client()
    login(other, "assessor.b@test.example")
    assert other.get(path).status_code == 404
    assert other.get(path, headers={"Cache-Control": "no-cache"}).status_code == 404
    # Reassigned away: the first assessor is refused at once, cache or not.
    with app.app_context():
        db.session.execute(
            update(Enrolment)
            .where(Enrolment.learner_id == learner_id)
            .values(assessor_id=app.config["IDS"]["assessor_b"])
        )
        db.session.commit()
    assert mine.get(path).status_code == 404
    assert other.get(path).status_code == 200

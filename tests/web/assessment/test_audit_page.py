"""The audit trail page: sentences, names and roles, filters, fixed queries."""

from __future__ import annotations

from portfolio.extensions import db
from tests.conftest import login
from tests.integration.assessment.helpers import accept, seed, submitted
from tests.web.assessment.test_query_counts import counting


def _world(app, n: int = 3):
    with app.app_context():
        people = seed(db.session)
        learner, assessor = people["learner"], people["assessor"]
        for i in range(n):
            submitted(db.session, learner, ("K1",), title=f"Reflection {i}")
        accept(
            db.session,
            assessor,
            submitted(db.session, learner, ("MP1",), title="Order form"),
        )
        db.session.commit()
        return learner.id, assessor.id, assessor.display_name


def test_events_read_as_sentences_with_links_and_details(app) -> None:
    learner_id, _, assessor_name = _world(app)
    client = app.test_client()
    login(client, "learner@test.example")
    body = client.get(f"/assessment/learners/{learner_id}/audit").get_data(as_text=True)
    assert (
        f'<strong>{assessor_name}</strong> <span class="muted">(Assessor)</span> accepted the evidence'
        in body
    )
    assert "<em>Order form</em></a>." in body and "/evidence/" in body
    assert "<dt>Criteria</dt><dd>MP1: met</dd>" in body
    assert "History verified." in body and "assessment.decided" not in body


def test_filters_by_person_kind_and_date(app) -> None:
    learner_id, assessor_id, _ = _world(app)
    client = app.test_client()
    login(client, "learner@test.example")
    url = f"/assessment/learners/{learner_id}/audit"
    body = client.get(f"{url}?person={assessor_id}").get_data(as_text=True)
    assert "accepted the evidence" in body and "submitted the evidence" not in body
    body = client.get(f"{url}?kind=evidence").get_data(as_text=True)
    assert "submitted the evidence" in body and "accepted the evidence" not in body
    body = client.get(f"{url}?since=2001-01-01&until=2001-01-02").get_data(as_text=True)
    assert "No events match." in body
    assert client.get(f"{url}?since=nonsense&person=x").status_code == 200


def test_audit_queries_do_not_grow_with_events(app) -> None:
    learner_id, _, _ = _world(app, 10)
    client = app.test_client()
    login(client, "learner@test.example")
    url = f"/assessment/learners/{learner_id}/audit"
    with app.app_context():
        engine = db.engine
    client.get(url)
    with counting(engine) as small:
        client.get(url)
    with app.app_context():
        from portfolio.auth.models import User

        learner = db.session.get(User, learner_id)
        for i in range(10, 200):
            submitted(db.session, learner, ("K1",), title=f"Reflection {i}")
        db.session.commit()
    with counting(engine) as large:
        body = client.get(url).get_data(as_text=True)
    assert len(large) == len(small)
    assert "Reflection 199" in body

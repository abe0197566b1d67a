"""Caseload and queue pages run a fixed number of queries as the caseload grows."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import accept, seed, submitted

PAGES = ("/assessment/caseload", "/assessment/queue", "/assessment/tasks", "/dashboard")


@contextmanager
def counting(engine):
    """Count the SQL statements sent while the block runs."""
    seen: list[str] = []

    def listener(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _grow(session, people, start: int, stop: int) -> None:
    """Learners start..stop on the assessor's caseload, each with evidence."""
    for n in range(start, stop):
        learner = make_user(session, f"learner{n}@load.example", ["learner"])
        make_enrolment(session, learner, assessor=people["assessor"])
        submitted(session, learner, ("K1", "MP1"), title=f"Item {n}")
        if n % 2:
            accept(session, people["assessor"], submitted(session, learner, ("K2",)))


def _counts(app, client) -> dict[str, int]:
    result = {}
    with app.app_context():
        engine = db.engine
    for path in PAGES:
        client.get(path)  # warm caches (e.g. the session row)
        with counting(engine) as seen:
            resp = client.get(path)
        assert resp.status_code == 200, path
        result[path] = len(seen)
    return result


def test_query_counts_do_not_grow_with_learners(app) -> None:
    with app.app_context():
        people = seed(db.session)
        _grow(db.session, people, 0, 10)
        db.session.commit()
        assessor_id = people["assessor"].id
    client = app.test_client()
    login(client, "assessor@test.example")
    small = _counts(app, client)
    with app.app_context():
        from portfolio.auth.models import User

        people = {"assessor": db.session.get(User, assessor_id)}
        _grow(db.session, people, 10, 200)
        db.session.commit()
    large = _counts(app, client)
    assert large == small, (small, large)
    body = client.get("/assessment/caseload").get_data(as_text=True)
    assert body.count('class="tag tag--') >= 200

"""Caseload and queue pages run a fixed number of queries as the caseload grows."""

from __future__ import annotations

import re
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
    assert body.count('<span class="tag tag--') == 50  # one page of the caseload
    assert "Page 1 of 5" in body
    seen = 0
    for number in range(1, 6):  # every learner is on some page, none twice
        page = client.get(f"/assessment/caseload?page={number}").get_data(as_text=True)
        seen += page.count('<span class="tag tag--')
    assert seen >= 200
    dashboard = client.get("/dashboard").get_data(as_text=True)
    # The dashboard shows its first learners and links to the whole caseload.
    assert dashboard.count('<span class="tag tag--') == 15
    assert re.search(r'href="/assessment/caseload">See all 20\d learners', dashboard)


def _items(session, learner, start: int, stop: int) -> None:
    """Items start..stop of one learner: submitted, some accepted, some drafts."""
    from portfolio.auth.models import User

    assessor = session.scalars(
        __import__("sqlalchemy")
        .select(User)
        .where(User.email == "assessor@test.example")
    ).one()
    for n in range(start, stop):
        item = submitted(session, learner, ("K1", "MP1", "R1"), title=f"Item {n}")
        if n % 3 == 0:
            accept(session, assessor, item)


def test_learner_pages_do_not_grow_with_items_or_events(app) -> None:
    """Coverage, audit trail and the learner's dashboard: the same count for 10 and 200."""
    with app.app_context():
        people = seed(db.session)
        learner_id = people["learner"].id
        _items(db.session, people["learner"], 0, 10)
        db.session.commit()
    learner, assessor = app.test_client(), app.test_client()
    login(learner, "learner@test.example")
    login(assessor, "assessor@test.example")
    pages = {
        learner: ("/dashboard", "/assessment/coverage"),
        assessor: (
            f"/assessment/learners/{learner_id}/coverage",
            f"/assessment/learners/{learner_id}/audit",
        ),
    }

    def measure() -> dict[str, int]:
        with app.app_context():
            engine = db.engine
        result = {}
        for client, paths in pages.items():
            for path in paths:
                client.get(path)
                with counting(engine) as seen:
                    assert client.get(path).status_code == 200, path
                result[path] = len(seen)
        return result

    small = measure()
    with app.app_context():
        from portfolio.auth.models import User

        _items(db.session, db.session.get(User, learner_id), 10, 200)
        db.session.commit()
    large = measure()
    assert large == small, (small, large)
    assert small["/dashboard"] <= 20, small

"""Every count on every dashboard links to a list of exactly that many rows."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest.mock import patch

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_enrolment, make_user
from tests.integration.assessment.helpers import accept, judge, seed, submitted

STAT = re.compile(
    r'<li class="stat-card[^"]*"><a href="([^"]+)"><span class="stat-card__n">(\d+)'
)
TASK = re.compile(
    r'<li class="task-list__item"><a href="([^"]+)">([^<]+)</a> '
    r'<span class="tag[^"]*">(\d+)</span>'
)
ROW = re.compile(r"<tr>\s*<th scope=\"row\"|<li><a href=\"/admin/users/\d+/enrolment")


def _world(app) -> None:
    """A caseload with waiting, overdue, accepted and returned work, and gaps."""
    with app.app_context():
        s = db.session
        people = seed(s)
        learner, assessor = people["learner"], people["assessor"]
        accept(s, assessor, submitted(s, learner, ("MP1",), title="Accepted"))
        judge(
            s,
            assessor,
            submitted(s, learner, ("K1",)),
            {"K1": "not_met"},
            "return",
            "Add more detail",
        )
        earlier = utcnow() - timedelta(days=10)
        with patch("portfolio.evidence.services.workflow.utcnow", lambda: earlier):
            submitted(s, learner, ("K2",), title="Late")
        submitted(s, learner, ("K3",), title="Fresh")
        for n in range(3):
            other = make_user(s, f"nobody{n}@test.example", ["learner"])
            make_enrolment(s, other, supervisor=people["supervisor"] if n else None)
        s.commit()


def _rows(body: str) -> int:
    """Rows of the list a count links to (table rows or learner list items)."""
    return len(ROW.findall(body))


@pytest.mark.parametrize(
    "email", ["assessor@test.example", "iqa@test.example", "admin@test.example"]
)
def test_each_count_lands_on_exactly_that_many_rows(app, email) -> None:
    _world(app)
    client = app.test_client()
    login(client, email)
    body = client.get("/dashboard").get_data(as_text=True)
    stats = STAT.findall(body)
    assert stats, body
    checked = 0
    for href, n in stats:
        href = href.replace("&amp;", "&")
        page = client.get(href)
        assert page.status_code == 200, href
        assert _rows(page.get_data(as_text=True)) == int(n), (href, n)
        checked += 1
    assert checked >= 2
    if email.startswith("admin"):
        assert {h.split("?")[0] for h, _ in stats} >= {"/admin/users", "/admin/cohorts"}


def test_learner_task_counts_land_on_exactly_those_items(app) -> None:
    """ "Testimony replies" counts drafts whose witness answered; its link lists them."""
    from portfolio.evidence import services as evidence
    from portfolio.evidence.models import Testimony

    _world(app)
    with app.app_context():
        s = db.session
        learner = s.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        links = evidence.SigningLinks("t", 14, lambda token: f"/sign/{token}")
        for n, answer in enumerate(("signed", "declined", "awaiting")):
            request = evidence.TestimonyRequest(
                witness_name="Wendy Witness",
                witness_email=f"w{n}@witness.example",
                witness_job_title="Supervisor",
                relationship="Line manager",
                witnessed="Taking an urgent order by phone.",
                date_from=utcnow().date() - timedelta(days=20),
                date_to=utcnow().date() - timedelta(days=2),
                criteria=("MP2",),
                order_type="urgent",
            )
            item = evidence.request_testimony(s, request, actor=learner, links=links)
            s.get(Testimony, item.testimony.id).state = answer
        s.commit()
    client = app.test_client()
    login(client, "learner@test.example")
    body = client.get("/assessment/tasks").get_data(as_text=True)
    tasks = TASK.findall(body)
    assert tasks, body
    for href, label, n in tasks:
        page = client.get(href.replace("&amp;", "&"))
        assert _rows(page.get_data(as_text=True)) == int(n), (label, href, n)
    replies = [t for t in tasks if t[1].startswith("Testimony replies")]
    assert replies and replies[0][2] == "2"


def test_counts_are_the_expected_numbers_and_words(app) -> None:
    _world(app)
    client = app.test_client()
    login(client, "assessor@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    assert "2</span> items to judge" in body and "1</span> item overdue" in body
    assert "1</span> learner</a>" in body
    client = app.test_client()
    login(client, "admin@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    assert "3</span> learners without an assessor" in body
    assert "2</span> learners without a supervisor" in body
    assert "learner(s)" not in body


def test_learner_sees_progress_and_what_waits_on_whom(app) -> None:
    _world(app)
    client = app.test_client()
    login(client, "learner@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    assert "1 of 12 criteria met</a>" in body
    assert "1 returned item to act on" in body
    assert "2 items waiting for a decision" in body
    assert "no evidence yet</a>: MP2" in body
    assert client.get("/dashboard/learners?without=nobody").status_code == 404

"""Assessment pages through the test client: judging, conflicts, forms, lock, audit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portfolio.assessment.models import (
    ItemDecision,
    ProfessionalDiscussion,
    SamplingPlan,
)
from portfolio.extensions import db
from tests.conftest import login, post
from tests.integration.assessment.helpers import (
    accept,
    complete_portfolio,
    seed,
    submitted,
)


@pytest.fixture
def world(app):
    with app.app_context():
        people = seed(db.session)
        item = submitted(db.session, people["learner"], ("K1", "MP1"), title="Order A")
        db.session.commit()
        ids = {k: u.id for k, u in people.items()}
        ids["item"], ids["version"] = item.id, item.version_id
    return ids


def _as(app, email: str):
    """A fresh client signed in as ``email`` (signing in again does not switch)."""
    client = app.test_client()
    login(client, email)
    return client


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _judge(client, ids, **data):
    payload = {"version": ids["version"], "d_K1": "met", "outcome": "accept"}
    payload.update(data)
    return post(client, f"/assessment/items/{ids['item']}", payload)


def test_assessor_accepts_from_the_queue(app, client, world) -> None:
    client = _as(app, "assessor@test.example")
    queue = client.get("/assessment/queue").get_data(as_text=True)
    assert "Order A" in queue and "1 item waiting" in queue
    page = client.get(f"/assessment/items/{world['item']}").get_data(as_text=True)
    assert "Learner's claim: “shows K1”" in page
    assert "Add criteria the learner did not claim" in page
    resp = _judge(client, world, d_K2="met")
    assert resp.status_code == 302 and resp.location.endswith("/assessment/queue")
    assert _count(app, ItemDecision) == 1
    caseload = client.get("/assessment/caseload").get_data(as_text=True)
    assert "On track" in caseload or "Behind" in caseload


def test_second_save_is_refused_and_the_notes_are_kept(app, client, world) -> None:
    client = _as(app, "assessor@test.example")
    assert _judge(client, world).status_code == 302
    resp = _judge(
        client,
        world,
        d_K1="not_met",
        f_K1="My unsaved careful notes",
        outcome="return",
        actions="Redo it",
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Someone else saved a decision on this item since you opened it." in body
    assert "My unsaved careful notes" in body
    assert _count(app, ItemDecision) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": ""}, "Choose whether to accept or return the item."),
        (
            {"d_K1": "not_met", "outcome": "return", "actions": "x"},
            "Say what is missing",
        ),
        ({"outcome": "return"}, "Say what the learner needs to do"),
        ({"d_K1": ""}, "Judge at least one criterion."),
        ({"d_K1": "bogus"}, "Choose one of the options shown"),
    ],
)
def test_bad_judging_input_is_a_clear_error(app, client, world, data, message) -> None:
    client = _as(app, "assessor@test.example")
    resp = _judge(client, world, **data)
    assert resp.status_code == 422
    assert message in resp.get_data(as_text=True)
    assert _count(app, ItemDecision) == 0


def test_returned_item_shows_feedback_to_the_learner(app, client, world) -> None:
    client = _as(app, "assessor@test.example")
    _judge(
        client,
        world,
        d_K1="not_met",
        f_K1="Say which SPIN questions",
        outcome="return",
        actions="Add the questions you asked",
    )
    client = _as(app, "learner@test.example")
    page = client.get(f"/evidence/{world['item']}").get_data(as_text=True)
    assert "Assessor's feedback" in page and "Add the questions you asked" in page
    history = client.get(f"/assessment/items/{world['item']}/history")
    assert "Say which SPIN questions" in history.get_data(as_text=True)
    tasks = client.get("/assessment/tasks").get_data(as_text=True)
    assert "Returned evidence to act on" in tasks and "returned" in tasks


def test_discussion_form_bad_input_writes_nothing(app, client, world) -> None:
    client = _as(app, "assessor@test.example")
    url = f"/assessment/learners/{world['learner']}/discussions/new"
    resp = post(client, url, {"duration": "30", "questions": "Q", "answers": "A"})
    assert resp.status_code == 422
    assert "Enter the date of the discussion" in resp.get_data(as_text=True)
    assert _count(app, ProfessionalDiscussion) == 0
    resp = post(
        client,
        url,
        {
            "held_on": "2026-01-05",
            "duration": "30",
            "questions": "Q1",
            "answers": "A",
            "criteria": "K1",
        },
    )
    assert resp.status_code == 302
    assert _count(app, ProfessionalDiscussion) == 1


def test_plan_form_bad_rate_is_refused(app, client, world) -> None:
    client = _as(app, "iqa@test.example")
    resp = post(
        client,
        "/assessment/plans",
        {"assessor_id": str(world["assessor"]), "rate": "250"},
    )
    assert resp.status_code == 422
    assert "Enter a sampling rate from 0 to 100." in resp.get_data(as_text=True)
    assert _count(app, SamplingPlan) == 0
    resp = post(
        client,
        "/assessment/plans",
        {"assessor_id": str(world["assessor"]), "rate": "20"},
    )
    assert resp.status_code == 302 and _count(app, SamplingPlan) == 1


def test_sample_send_back_needs_feedback(app, client, world) -> None:
    client = _as(app, "assessor@test.example")
    _judge(client, world)
    client = _as(app, "iqa@test.example")
    page = client.get("/assessment/samples").get_data(as_text=True)
    sample_url = re.search(r'href="(/assessment/samples/\d+)"', page).group(1)
    resp = post(client, sample_url, {"action": "send_back", "feedback": ""})
    assert resp.status_code == 422
    assert "Give feedback for the assessor." in resp.get_data(as_text=True)
    resp = post(client, sample_url, {"action": "agree"})
    assert resp.status_code == 302
    report = client.get("/assessment/report").get_data(as_text=True)
    assert "100%" in report


def test_locked_portfolio_refuses_edits_with_a_clear_message(
    app, client, world
) -> None:
    with app.app_context():
        from portfolio.assessment import services
        from portfolio.auth.models import User

        learner = db.session.get(User, world["learner"])
        assessor = db.session.get(User, world["assessor"])
        complete_portfolio(db.session, learner, assessor)
        db.session.commit()
    client = _as(app, "assessor@test.example")
    page = client.get(f"/assessment/learners/{world['learner']}").get_data(as_text=True)
    assert "Sign off the unit" in page
    resp = post(client, f"/assessment/learners/{world['learner']}/sign-off", {})
    assert resp.status_code == 302  # not ticked: flashed, nothing written
    with app.app_context():
        assert services.current_lock(db.session, world["learner"]) is None
    post(client, f"/assessment/learners/{world['learner']}/sign-off", {"declared": "y"})
    client = _as(app, "learner@test.example")
    resp = post(client, "/assessment/sign-off", {})
    assert resp.status_code == 422
    assert "Tick the declaration" in resp.get_data(as_text=True)
    resp = post(
        client, "/assessment/sign-off", {"declared": "y"}, follow_redirects=True
    )
    assert "signed off and locked" in resp.get_data(as_text=True)
    resp = post(
        client, f"/evidence/{world['item']}/withdraw", {}, follow_redirects=True
    )
    assert "This portfolio has been signed off and is locked" in resp.get_data(
        as_text=True
    )
    client = _as(app, "iqa@test.example")
    url = f"/assessment/learners/{world['learner']}/unlock"
    page = post(client, url, {"reason": ""}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Give the reason for unlocking." in page
    page = post(client, url, {"reason": "Typo in a date"}, follow_redirects=True)
    assert "Portfolio unlocked." in page.get_data(as_text=True)


def test_audit_page_verifies_the_chain(app, client, world) -> None:
    client = _as(app, "iqa@test.example")
    page = client.get(f"/assessment/learners/{world['learner']}/audit")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "History verified." in body
    assert "submitted the evidence" in body and "for assessment" in body
    assert "evidence.submitted" not in body and "{&#34;" not in body


def test_dashboards_show_task_lists(app, client, world) -> None:
    for email, text in [
        ("assessor@test.example", "to judge</a>"),
        ("iqa@test.example", "due</a>"),
        ("learner@test.example", "What is waiting, and on whom"),
        ("supervisor@test.example", "Testimonies to sign"),
    ]:
        client = _as(app, email)
        assert text in client.get("/dashboard").get_data(as_text=True), email


def test_segregation_refusal_is_a_403_with_the_reason(app, client, world) -> None:
    with app.app_context():
        from portfolio.auth.models import User
        from tests.factories import make_enrolment, make_user

        both = make_user(db.session, "both@test.example", ["assessor", "supervisor"])
        learner = make_user(db.session, "l9@test.example", ["learner"])
        make_enrolment(db.session, learner, assessor=both, supervisor=both)
        item = submitted(db.session, learner, ("K1",))
        db.session.commit()
        ids = {"item": item.id, "version": item.version_id}
        assert db.session.get(User, both.id)
    client = _as(app, "both@test.example")
    resp = _judge(client, ids)
    assert resp.status_code == 403
    assert "You supervise this learner" in resp.get_data(as_text=True)


def test_accept_helper_and_history_for_iqa(app, client, world) -> None:
    with app.app_context():
        from portfolio.auth.models import User
        from portfolio.evidence.models import EvidenceItem

        accept(
            db.session,
            db.session.get(User, world["assessor"]),
            db.session.get(EvidenceItem, world["item"]),
        )
        db.session.commit()
    client = _as(app, "iqa@test.example")
    body = client.get(f"/assessment/items/{world['item']}/history").get_data(
        as_text=True
    )
    assert "Accepted" in body

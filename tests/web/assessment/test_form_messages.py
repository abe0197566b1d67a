"""Every form owned here reports all errors of a submission at once, linked, in our words.

Each case sends several errors in one request; the first response must list every one in
the error summary, each linked to a field that is on the page with its inline error, and
no WTForms default message may appear anywhere.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portfolio.assessment.domain.discussion import TEXT_MAX
from portfolio.assessment.models import CohortPlan, ProfessionalDiscussion
from portfolio.auth.models import Cohort
from portfolio.core.forms import PRODUCT_MESSAGES
from portfolio.evidence.models import EvidenceItem
from portfolio.extensions import db
from tests.conftest import login, post
from tests.integration.assessment.helpers import seed

SUMMARY = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')
# The start of every WTForms default message (before any %(placeholder)s).
LIBRARY = {m.split("%")[0].split("'")[0] for m in PRODUCT_MESSAGES} - {""}

# (who, url, form data, field ids that must be in the summary, model that stays empty)
CASES = [
    (
        "admin",
        "/admin/cohorts",
        {"name": "", "start_date": "yesterday", "planned_end_date": "31/02/2026"},
        {"name", "start_date", "planned_end_date"},
        None,
    ),
    (
        "admin",
        "/admin/users/{learner}/enrolment",
        {
            "start_date": "soon",
            "planned_end_date": "later",
            "uln": "12",
            "registration_number": "R" * 41,
        },
        {"start_date", "planned_end_date", "uln", "registration_number"},
        None,
    ),
    (
        "learner",
        "/evidence/new/reflection",
        {"title": "T" * 201, "evidence_date": "someday", "what_happened": ""},
        {"title", "evidence_date", "what_happened", "decisions", "procedure"},
        EvidenceItem,
    ),
    (
        "learner",
        "/evidence/new/record",
        {"title": "", "evidence_date": "", "kind": "poem"},
        {"title", "evidence_date", "kind-0", "body"},
        EvidenceItem,
    ),
    (
        "assessor",
        "/assessment/learners/{learner}/discussions/new",
        {
            "held_on": "last week",
            "duration": "an hour",
            "questions": "Q" * (TEXT_MAX + 1),
        },
        {"held_on", "duration", "questions"},
        ProfessionalDiscussion,
    ),
    (
        "iqa",
        "/assessment/cohort-plans",
        {"cohort_id": "", "amber_behind": "two", "red_behind": ""},
        {"cohort_id", "amber_behind", "red_behind"},
        CohortPlan,
    ),
    (
        "iqa",
        "/assessment/eqa",
        {"grantee_id": "", "days": "a week"},
        {"grantee_id", "learners-0", "days"},
        None,
    ),
    (
        "iqa",
        "/assessment/plans",
        {"assessor_id": "", "rate": "half"},
        {"assessor_id", "rate"},
        None,
    ),
]


def _world(app) -> dict[str, int]:
    with app.app_context():
        people = seed(db.session)
        eqa = __import__("tests.factories", fromlist=["make_user"]).make_user(
            db.session, "eqa@test.example", ["eqa"]
        )
        db.session.commit()
        assert eqa.id and db.session.scalar(select(func.count(Cohort.id)))
        return {"learner": people["learner"].id}


@pytest.mark.parametrize(("who", "url", "data", "fields", "model"), CASES)
def test_every_error_at_once_linked_and_in_our_words(
    app, who, url, data, fields, model
) -> None:
    ids = _world(app)
    client = app.test_client()
    login(client, f"{who}@test.example")
    before = None
    if model is not None:
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(model))
    resp = post(client, url.format(**ids), data)
    body = resp.get_data(as_text=True)
    assert resp.status_code in (200, 422), body[:300]
    links = dict(SUMMARY.findall(body))
    assert fields <= set(links), (fields - set(links), links)
    for field_id in fields:
        # A choice's summary link goes to its first option (GOV.UK), "kind-0".
        assert f'id="{field_id}"' in body, field_id
        assert f'id="{field_id.removesuffix("-0")}-error"' in body, field_id
    leaked = [m for m in LIBRARY if m in body]
    assert not leaked, leaked
    if model is not None:
        with app.app_context():
            after = db.session.scalar(select(func.count()).select_from(model))
        assert after == before

"""Forms report every error of a submission at once, each linked to its field."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from portfolio.evidence.models import EvidenceClaim, EvidenceItem
from portfolio.extensions import db
from tests.conftest import login, post
from tests.integration.evidence.helpers import details, seed

SUMMARY = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')


def _client(app):
    with app.app_context():
        people = seed(db.session)
        from portfolio.evidence import services

        item = services.create_item(
            db.session,
            actor=people["learner"],
            kind="reflection",
            details=details("Mapped later"),
            data={"what_happened": "x"},
        )
        db.session.commit()
        item_id = item.id
    client = app.test_client()
    login(client, "learner@test.example")
    return client, item_id


def _linked(body: str) -> dict[str, str]:
    """Error summary links: {field id: message}; each id exists on the page."""
    links = dict(SUMMARY.findall(body))
    for field_id in links:
        assert f'id="{field_id}"' in body, field_id
        # A choice links to its first option ("criteria-0"); the error is the group's.
        assert f'id="{field_id.removesuffix("-0")}-error"' in body, field_id
    return links


def test_mapping_reports_every_missing_justification_at_once(app) -> None:
    client, item_id = _client(app)
    resp = post(
        client,
        f"/evidence/{item_id}/mapping",
        {"c_MP1": "y", "c_MP4": "y", "c_K1": "y", "j_K1": "It shows K1."},
    )
    assert resp.status_code == 422
    links = _linked(resp.get_data(as_text=True))
    assert links == {
        "j_MP1": "Say in one line how this evidence shows MP1.",
        "j_MP4": "Say in one line how this evidence shows MP4.",
    }
    with app.app_context():
        assert db.session.scalar(select(func.count(EvidenceClaim.id))) == 0


def test_testimony_request_reports_every_error_in_one_round(app) -> None:
    client, _ = _client(app)
    future = (date.today() + timedelta(days=5)).isoformat()
    resp = post(
        client,
        "/evidence/testimonies/new",
        {
            "witness_name": "",
            "witness_email": "megan@",
            "witness_job_title": "Manager",
            "relationship": "",
            "witnessed": "Orders",
            "date_from": future,
            "date_to": (date.today() + timedelta(days=1)).isoformat(),
        },
    )
    assert resp.status_code == 422
    links = _linked(resp.get_data(as_text=True))
    assert links["witness_email"].endswith(
        "in the right format, like name@example.com."
    )
    assert {"witness_name", "relationship", "criteria-0", "date_to"} <= set(links)
    assert "This field is required" not in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(EvidenceItem.id))) == 1


def test_admin_user_form_has_product_messages_all_at_once(app) -> None:
    _client(app)
    client = app.test_client()
    login(client, "admin@test.example")
    resp = post(
        client,
        "/admin/users/new",
        {"display_name": "", "email": "megan@", "password": "short"},
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code in (200, 422)
    links = SUMMARY.findall(body)
    fields = {f for f, _ in links}
    assert {"display_name", "email", "password", "roles-0"} <= fields, links
    assert "This field is required" not in body and "Invalid email" not in body
    assert "like name@example.com" in body

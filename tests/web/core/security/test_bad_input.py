"""Bad input answers 4xx with one error shape, never 500 (issue 16 #7 and #10)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.auth.services.tokens import create_token
from portfolio.extensions import db
from tests.conftest import login
from tests.factories import make_people

HUGE = [2**63, 2**64, 10**30]


@pytest.fixture
def people(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        make_people(db.session)
        db.session.commit()


def _token(app, email: str) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        _, plain = create_token(db.session, user, "t")
        db.session.commit()
        return plain


def _int_rules(app, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        r.rule
        for r in app.url_map.iter_rules()
        if "<int:" in r.rule and r.rule.startswith(prefix) and "GET" in r.methods
    )


def _fill(rule: str, value: int) -> str:
    return re.sub(r"<int:\w+>", str(value), re.sub(r"<(?:string:)?\w+>", "x", rule))


@pytest.mark.parametrize("value", HUGE)
def test_api_ids_beyond_64_bits_are_404(app, people, value: int) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {_token(app, 'assessor@test.example')}"}
    client = app.test_client()
    rules = _int_rules(app, "/api/")
    assert len(rules) >= 8
    for rule in rules:
        resp = client.get(_fill(rule, value), headers=headers)
        assert resp.status_code == 404, (rule, resp.status_code)
        assert resp.json["code"] == 404


@pytest.mark.parametrize(
    "email", ["learner@test.example", "assessor@test.example", "admin@test.example"]
)
def test_web_ids_beyond_64_bits_are_404(app, people, email: str) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, email)
    for rule in _int_rules(app, "/"):
        if rule.startswith("/api/"):
            continue
        resp = client.get(_fill(rule, 2**63))
        assert resp.status_code == 404, (rule, resp.status_code)


def test_largest_64_bit_id_still_reaches_the_view(app, people) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {_token(app, 'learner@test.example')}"}
    resp = app.test_client().get(f"/api/v1/runs/{2**63 - 1}", headers=headers)
    assert resp.status_code == 404 and resp.json["code"] == 404


def test_huge_id_in_a_query_string_is_not_a_500(app, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, "assessor@test.example")
    for url in (
        "/assessment/queue?learner_id=",
        "/assessment/audit?learner_id=",
        "/evidence/?page=",
    ):
        resp = client.get(url + str(2**64))
        assert resp.status_code < 500, (url, resp.status_code)


def _post_runs(app, body: bytes):  # type: ignore[no-untyped-def]
    headers = {
        "Authorization": f"Bearer {_token(app, 'learner@test.example')}",
        "Content-Type": "application/json",
    }
    return app.test_client().post("/api/v1/runs", data=body, headers=headers)


def test_json_nested_3000_deep_is_400(app, people) -> None:  # type: ignore[no-untyped-def]
    resp = _post_runs(app, b"[" * 3000 + b"]" * 3000)
    assert resp.status_code == 400
    assert resp.json["code"] == 400 and "nested" in resp.json["message"]


def test_json_nested_100_deep_in_an_object_is_400(app, people) -> None:  # type: ignore[no-untyped-def]
    resp = _post_runs(app, b'{"a":' * 100 + b"1" + b"}" * 100)
    assert resp.status_code == 400


def test_lone_surrogate_in_json_is_400(app, people) -> None:  # type: ignore[no-untyped-def]
    body = b'{"scenario_type": "standard", "difficulty": "easy", "seed": 1, "x": "\\ud800"}'
    resp = _post_runs(app, body)
    assert resp.status_code == 400
    assert "Unicode" in resp.json["message"]


def test_ordinary_json_still_works(app, people) -> None:  # type: ignore[no-untyped-def]
    from tests.web.simulator.helpers import load_sim_content

    with app.app_context():
        load_sim_content(db.session)
        db.session.commit()
    resp = _post_runs(
        app, b'{"scenario_type": "standard", "difficulty": "easy", "seed": 1}'
    )
    assert resp.status_code == 201, resp.json


def test_405_names_the_allowed_methods(app, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    resp = client.delete("/auth/login")
    assert resp.status_code == 405
    assert "GET" in resp.headers["Allow"] and "POST" in resp.headers["Allow"]
    headers = {"Authorization": f"Bearer {_token(app, 'learner@test.example')}"}
    resp = client.delete("/api/v1/runs", headers=headers)
    assert resp.status_code == 405
    assert "POST" in resp.headers["Allow"]
    assert resp.json["code"] == 405

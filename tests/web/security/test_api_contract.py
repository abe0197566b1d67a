"""API contract items of issue 16 #10: time zones on timestamps, 200 schemas."""

from __future__ import annotations

import re

from portfolio.auth.services.tokens import create_token
from portfolio.extensions import db
from tests.factories import make_user

OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def test_every_success_response_has_a_schema(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    missing = [
        f"{method.upper()} {path}"
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if isinstance(op, dict)
        for code in ("200", "201")
        if code in op.get("responses", {}) and "content" not in op["responses"][code]
    ]
    assert missing == []
    paths = " ".join(spec["paths"])
    for wanted in ("/debrief", "/scenarios/options", "/answer-key"):
        assert wanted in paths


def test_api_timestamps_carry_their_time_zone(app, client) -> None:
    with app.app_context():
        user = make_user(db.session, "tz@test.example")
        _, token = create_token(db.session, user, "tz")
        db.session.commit()
    reply = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200
    stamps = [t["created_at"] for t in reply.get_json()["items"]]
    assert stamps and all(OFFSET.search(s) for s in stamps), stamps

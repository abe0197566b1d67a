"""Signing links cannot be blocked for everyone, behind a proxy or not (issue 16 #2)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import login, make_test_app, post
from tests.integration.evidence.helpers import seed
from tests.web.evidence.test_evidence_web import REQUEST


def _app(tmp_path, **overrides):  # type: ignore[no-untyped-def]
    app = make_test_app(
        tmp_path, RATELIMIT_ENABLED=True, SIGN_LINK_RATE_LIMIT="10/hour", **overrides
    )
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    return app


def _new_link(app) -> str:  # type: ignore[no-untyped-def]
    learner = app.test_client()
    login(learner, "learner@test.example")
    assert post(learner, "/evidence/testimonies/new", REQUEST).status_code == 302
    with app.app_context():
        body = (
            db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
            .first()
            .body
        )
    return "/evidence/sign/" + re.search(r"/evidence/sign/(\S+)", body).group(1)


def _bad(client, n: int, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    return [client.get(f"/evidence/sign/bad-{i}", **kw).status_code for i in range(n)]


def test_a_valid_unused_link_is_never_refused(tmp_path) -> None:
    app = _app(tmp_path)
    client = app.test_client()
    assert _bad(client, 11)[-1] == 429
    path = _new_link(app)
    assert client.get(path).status_code == 200
    assert client.post(f"{path}/decline", data={}).status_code == 400  # no CSRF token
    for _ in range(12):  # refused posts on a good link do not lock it either
        assert client.post(path, data={}).status_code == 400
    assert client.get(path).status_code == 200


def test_refused_attempts_on_one_link_are_limited_per_link(tmp_path) -> None:
    app = _app(tmp_path)
    statuses = [
        app.test_client()
        .get(
            "/evidence/sign/the-same-bad-token",
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
        .status_code
        for i in range(11)
    ]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_each_real_client_has_its_own_limit(
    tmp_path, proxies: int
) -> None:
    app = _app(tmp_path, TRUSTED_PROXIES=proxies)
    client = app.test_client()
    hops = ", ".join(["198.51.100.1"] * (proxies - 1))

    def via(address: str, spoof: str | None = None) -> dict:
        chain = ", ".join(x for x in (spoof, address, hops) if x)
        return {
            "headers": {"X-Forwarded-For": chain},
            "environ_base": {"REMOTE_ADDR": "10.9.9.9"},
        }

    assert _bad(client, 11, **via("203.0.113.7"))[-1] == 429
    assert _bad(client, 1, **via("203.0.113.8")) == [404]  # another supervisor
    # a client cannot escape its limit by adding its own X-Forwarded-For entry
    assert _bad(client, 1, **via("203.0.113.7", spoof="192.0.2.55")) == [429]


def test_without_configured_proxies_the_header_is_ignored(tmp_path) -> None:
    app = _app(tmp_path)
    client = app.test_client()
    base = {"environ_base": {"REMOTE_ADDR": "10.9.9.9"}}
    assert _bad(client, 11, **base)[-1] == 429
    spoofed = {"headers": {"X-Forwarded-For": "203.0.113.99"}, **base}
    assert _bad(client, 1, **spoofed) == [429]

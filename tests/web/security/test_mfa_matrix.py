"""SECURITY.md #4 through the route x role matrix: staff with a password only reach nothing.

Every web page the matrix opens to an assessor, IQA or admin (200 on GET) must, once the
MFA policy names their role, send a session that has entered only a password to enrolment
instead. The routes come from ``authz_matrix.yaml``, so a new staff page is covered the day
it gets its row.
"""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.web.test_access_matrix import (  # noqa: F401  (world is a fixture)
    MATRIX,
    _url,
    expected,
    world,
)

STAFF = ("assessor", "iqa", "admin")
# Sign-in, MFA and reset pages are how a password-only session gets its second factor.
EXEMPT_PREFIXES = ("/auth/", "/api/", "/static/", "/lti/", "/healthz", "/verify")


def _staff_pages() -> list[tuple[str, str]]:
    cases = []
    for rule, spec in sorted(MATRIX.items()):
        if "GET" not in spec or rule.startswith(EXEMPT_PREFIXES):
            continue
        if expected(rule, "GET", "anonymous") == 200:  # a public page needs no sign-in
            continue
        for role in STAFF:
            if expected(rule, "GET", role) == 200:
                cases.append((rule, role))
    return cases


CASES = _staff_pages()


def test_the_sweep_covers_every_staff_role() -> None:
    roles = {role for _, role in CASES}
    assert roles == set(STAFF)
    assert len(CASES) > 40  # the matrix opens dozens of pages to staff


@pytest.mark.authz
@pytest.mark.parametrize(("rule", "role"), CASES)
def test_a_password_only_staff_session_is_sent_to_mfa(world, rule, role) -> None:  # noqa: F811
    app, ids, emails, tokens, _plain = world
    app.config["MFA_REQUIRED_ROLES"] = "assessor,iqa,admin"
    try:
        client = app.test_client()
        assert login(client, emails[role]).status_code == 302
        reply = client.get(_url(rule, role, ids, tokens))
    finally:
        app.config["MFA_REQUIRED_ROLES"] = ""
    assert reply.status_code == 302, (rule, role, reply.status_code)
    assert "/auth/mfa" in reply.headers["Location"]

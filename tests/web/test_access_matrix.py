"""The access-control matrix, generated from the app's URL map (SECURITY.md #11-12)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from portfolio.auth.grants import AccessGrant
from portfolio.auth.services.tokens import create_token
from portfolio.core.access import declared_access
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.extensions import db
from tests.conftest import csrf_token, login, make_test_app
from tests.factories import make_people, make_user
from tests.web.api.helpers import api_matrix_ids
from tests.web.assessment.helpers import assessment_matrix_ids
from tests.web.evidence.helpers import evidence_matrix_ids
from tests.web.exports.helpers import export_matrix_ids
from tests.web.simulator.helpers import simulator_matrix_ids

MATRIX = yaml.safe_load((Path(__file__).parent / "authz_matrix.yaml").read_text())
ROLES = ("anonymous", "learner", "supervisor", "assessor", "iqa", "admin", "eqa")
SKIP_METHODS = {"HEAD", "OPTIONS"}


def expected(rule: str, method: str, role: str) -> int:
    """The matrix entry for one case, expanding 'all' and 'others'."""
    entry = MATRIX[rule][method]
    return entry.get(role, entry.get("others", entry.get("all")))


def _app_rules(app):
    """(rule, method) pairs the app serves, static files excepted."""
    return {
        (r.rule, m)
        for r in app.url_map.iter_rules()
        if r.endpoint != "static"
        for m in r.methods - SKIP_METHODS
    }


def _matrix_rules():
    return {(rule, m) for rule, spec in MATRIX.items() for m in spec if m.isupper()}


CASES = [
    (rule, method, role) for rule, method in sorted(_matrix_rules()) for role in ROLES
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app with a person per role and a token each."""
    app = make_test_app(tmp_path_factory.mktemp("authz"))
    with app.app_context():
        db.create_all()
        people = make_people(db.session)
        people["eqa"] = make_eqa(db.session, people["learner"])
        tokens = {}
        plain = {}
        for key, user in people.items():
            row, value = create_token(db.session, user, "matrix")
            tokens[key], plain[key] = row.id, value
        db.session.commit()
        ids = {k: u.id for k, u in people.items()}
        ids.update(export_matrix_ids(app, db.session, people))
        ids.update(evidence_matrix_ids(app, db.session, people))
        ids.update(simulator_matrix_ids(db.session, people))
        ids.update(assessment_matrix_ids(app, db.session, people))
        ids.update(api_matrix_ids(app, db.session, people))
        emails = {k: u.email for k, u in people.items()}
    return app, ids, emails, tokens, plain


def make_eqa(session, learner):
    """An external quality assurer granted read-only access to ``learner``."""
    eqa = make_user(session, "eqa@test.example", [Role.EQA])
    session.add(
        AccessGrant(
            grantee_id=eqa.id,
            learner_id=learner.id,
            expires_at=utcnow() + timedelta(days=30),
        )
    )
    session.flush()
    return eqa


def test_every_route_is_in_the_matrix(world) -> None:
    app = world[0]
    missing = _app_rules(app) - _matrix_rules()
    stale = _matrix_rules() - _app_rules(app)
    assert not missing, f"routes missing from authz_matrix.yaml: {sorted(missing)}"
    assert not stale, f"matrix rows for routes that no longer exist: {sorted(stale)}"


def test_every_view_declares_its_access(world) -> None:
    app = world[0]
    undeclared = [
        ep
        for ep, view in app.view_functions.items()
        if ep != "static"
        and declared_access(view) is None
        and ep != "api-docs.openapi_json"
    ]
    assert not undeclared, f"views without @public/@signed_in/@roles: {undeclared}"


def test_an_undeclared_route_is_refused_for_everyone(tmp_path) -> None:
    app = make_test_app(tmp_path)
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 403


def _url(rule: str, role: str, ids, tokens) -> str:
    """Fill the rule's placeholders for this role."""
    params = MATRIX[rule].get("params", {})

    def fill(match: re.Match) -> str:  # noqa: E306
        name = match.group(1)
        key = params[name]
        if key == "own_token":
            return str(tokens.get(role, tokens["learner"]))
        if key.startswith("="):  # a literal value, e.g. kind: "=read_brief"
            return key[1:]
        return str(ids[key])

    return re.sub(r"<(?:\w+:)?(\w+)>", fill, rule)


@pytest.mark.authz
@pytest.mark.parametrize(("rule", "method", "role"), CASES)
def test_matrix(world, rule: str, method: str, role: str) -> None:
    app, ids, emails, tokens, plain = world
    client = app.test_client()
    headers = {}
    if rule.startswith("/api/"):
        if role != "anonymous":
            headers["Authorization"] = f"Bearer {plain[role]}"
    elif role != "anonymous":
        assert login(client, emails[role]).status_code == 302
    url = _url(rule, role, ids, tokens)
    data = dict(MATRIX[rule].get("data", {}))
    if method == "POST" and not rule.startswith("/api/"):
        data["csrf_token"] = csrf_token(client)
    body = MATRIX[rule].get("json") if method == "POST" else None
    if body is not None:
        resp = client.open(url, method=method, json=body, headers=headers)
    else:
        resp = client.open(url, method=method, data=data or None, headers=headers)
    assert resp.status_code == expected(rule, method, role), resp.get_data(
        as_text=True
    )[:300]

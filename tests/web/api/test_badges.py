"""Open Badges 3.0: a signed-off learner downloads a badge anyone can verify."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import func, select

from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.badges.models import BadgeCredential
from portfolio.extensions import db
from tests.conftest import login, post
from tests.web.api.badge_helpers import signed_off

SCHEMA = json.loads(
    (
        Path(__file__).parents[2]
        / "schemas"
        / "ob_v3p0_openbadgecredential.schema.json"
    ).read_text()
)
JWT_CLAIMS = ("iss", "jti", "sub", "nbf")


@pytest.fixture
def world(app):
    """A signed-off learner (the demo shape: complete portfolio, both declarations)."""
    with app.app_context():
        return signed_off(db.session)


def _badge(client) -> str:
    """Sign in as the learner, issue the badge, and download it."""
    assert login(client, "learner@test.example").status_code == 302
    page = client.get("/badges/")
    assert "Download badge" in page.get_data(as_text=True)
    return page


def _download(client, sign_off_id: int) -> str:
    resp = post(client, f"/badges/sign-offs/{sign_off_id}/issue")
    assert resp.status_code == 302
    download = client.get(resp.headers["Location"])
    assert download.status_code == 200
    assert download.mimetype == "application/vc+jwt"
    return download.get_data(as_text=True)


def _public_key(client):
    jwk = client.get("/badges/jwks.json").get_json()["keys"][0]
    return jwt.PyJWK(jwk).key


def test_badge_validates_against_the_schema_and_its_signature(app, world) -> None:
    client = app.test_client()
    _badge(client)
    token = _download(client, world["sign_off"])
    claims = jwt.decode(token, _public_key(client), algorithms=["EdDSA"])
    credential = {k: v for k, v in claims.items() if k not in JWT_CLAIMS}
    errors = list(
        Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(
            credential
        )
    )
    assert errors == []
    assert "OpenBadgeCredential" in credential["type"]
    subject = credential["credentialSubject"]
    assert subject["name"] == "Learner"
    codes = subject["achievement"]["criteria"]["narrative"]
    assert "**MP1**" in codes and "**K5**" in codes
    assert claims["jti"] == credential["id"]
    # Downloading again gives the same signed credential: it is issued once.
    assert _download(client, world["sign_off"]) == token
    with app.app_context():
        assert db.session.scalar(select(func.count(BadgeCredential.id))) == 1


def test_verification_reports_valid_then_revoked_after_unlock(app, world) -> None:
    client = app.test_client()
    _badge(client)
    token = _download(client, world["sign_off"])
    anonymous = app.test_client()
    ok = anonymous.post("/badges/verify", json={"credential": token}).get_json()
    assert ok["status"] == "valid"
    with app.app_context():
        iqa = db.session.get(User, world["iqa"])
        assessment.unlock_portfolio(
            db.session, world["learner"], actor=iqa, reason="Evidence re-checked"
        )
        db.session.commit()
    revoked = anonymous.post("/badges/verify", json={"credential": token}).get_json()
    assert revoked["status"] == "revoked"
    assert "undone" in revoked["reason"]
    public_id = revoked["credential"]["id"].rsplit("/", 1)[-1]
    status = anonymous.get(f"/badges/credentials/{public_id}").get_json()
    assert status["status"] == "revoked"
    assert "Learner" not in json.dumps(status)  # no personal data in the status


def test_a_tampered_or_foreign_credential_is_invalid(app, world) -> None:
    client = app.test_client()
    _badge(client)
    token = _download(client, world["sign_off"])
    head, body, sig = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(body))
    claims["credentialSubject"]["name"] = "Someone Else"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    anonymous = app.test_client()
    for bad in (f"{head}.{forged}.{sig}", "not.a.jwt", token[:-4] + "AAAA"):
        result = anonymous.post("/badges/verify", json={"credential": bad}).get_json()
        assert result["status"] == "invalid", bad
    empty = anonymous.post("/badges/verify", json={})
    assert empty.status_code == 422
    assert "credential" in empty.get_json()["errors"]["json"]


def test_another_learner_cannot_issue_or_download(app, world) -> None:
    client = app.test_client()
    _badge(client)
    token = _download(client, world["sign_off"])
    public_id = jwt.decode(token, options={"verify_signature": False})["jti"]
    public_id = public_id.rsplit("/", 1)[-1]
    other = app.test_client()
    assert login(other, "learner.b@test.example").status_code == 302
    assert (
        post(other, f"/badges/sign-offs/{world['sign_off']}/issue").status_code == 404
    )
    url = f"/badges/credentials/{public_id}/badge.jwt"
    assert other.get(url).status_code == 404

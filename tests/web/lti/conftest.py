"""Fixtures for LTI web tests: a simulated platform registered with the tool."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from portfolio.extensions import db
from portfolio.lti import services
from portfolio.lti.domain import PlatformSpec
from portfolio.lti.domain.platform import split_deployments
from tests.web.lti.platform import FakePlatform


@pytest.fixture(scope="session")
def tool_key_path(tmp_path_factory):
    """One tool key file for the run (making RSA keys is slow)."""
    return str(tmp_path_factory.mktemp("lti-key") / "lti-rsa.pem")


@pytest.fixture
def platform(app, tool_key_path):
    """A running platform, registered in the app, that knows the tool's JWKS."""
    app.config["LTI_KEY_PATH"] = tool_key_path
    fake = FakePlatform()
    values = fake.registration()
    with app.app_context():
        services.register_platform(
            db.session,
            PlatformSpec(
                **{k: v for k, v in values.items() if k != "deployment_ids"},
                deployment_ids=split_deployments(values["deployment_ids"]),
            ),
            actor=None,
        )
        db.session.commit()
    fake.tool_jwks = app.test_client().get("/lti/jwks.json").get_json()
    yield fake
    fake.close()


def oidc_login(client, platform: FakePlatform, **extra) -> dict[str, str]:
    """Step 1: the platform starts the login; returns the auth request parameters."""
    params = {
        "iss": platform.issuer,
        "login_hint": "hint-7",
        "target_link_uri": "http://127.0.0.1:5000/lti/launch",
        "client_id": platform.client_id,
        "lti_deployment_id": platform.deployment_id,
        **extra,
    }
    resp = client.get("/lti/login", query_string=params)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    location = urlsplit(resp.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        platform.base + "/auth"
    )
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def launch(client, platform: FakePlatform, **claims):
    """Log in and post a signed launch with ``claims``; returns the launch response."""
    auth = oidc_login(client, platform)
    token = platform.id_token(auth["nonce"], **claims)
    return client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})

"""LTI launches against a simulated platform: sign-in, and every refusal."""

from __future__ import annotations

import base64
import json

from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.auth.models import AuthSession, User
from portfolio.core.roles import Role
from portfolio.extensions import db
from portfolio.lti.models import LtiAccount, LtiActivity
from tests.web.lti.conftest import launch, oidc_login
from tests.web.lti.platform import LTI


def _counts(app) -> tuple[int, int, int, int]:
    """Users, linked accounts, activities and sessions: what a launch creates."""
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(m))
            for m in (User, LtiAccount, LtiActivity, AuthSession)
        )


def test_login_redirects_to_the_platform_with_state_and_nonce(client, platform):
    auth = oidc_login(client, platform)
    assert auth["client_id"] == platform.client_id
    assert auth["redirect_uri"] == "http://127.0.0.1:5000/lti/launch"
    assert auth["response_type"] == "id_token" and auth["prompt"] == "none"
    assert auth["nonce"] and auth["state"].startswith("state-")


def test_a_launch_creates_the_learner_signs_them_in_and_opens_the_activity(
    app, client, platform
):
    resp = launch(client, platform)
    assert resp.status_code == 303
    assert "/lti/activities/" in resp.headers["Location"]
    with app.app_context():
        user = db.session.scalars(
            select(User).where(User.email == "priya.shah@college.example")
        ).one()
        assert user.roles == {Role.LEARNER} and user.display_name == "Priya Shah"
        link = db.session.scalars(select(LtiAccount)).one()
        assert (link.subject, link.user_id) == ("moodle-user-7", user.id)
        activity = db.session.scalars(select(LtiActivity)).one()
        assert (activity.scenario_type, activity.difficulty) == ("standard", "easy")
        assert activity.lineitem_url == platform.base + "/lineitems/1/lineitem"
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"user.create", "lti.account_link", "auth.login"} <= actions
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200
    assert "Start the scenario" in page.get_data(as_text=True)


def test_a_second_launch_finds_the_same_account(app, client, platform):
    assert launch(client, platform).status_code == 303
    before = _counts(app)
    other = app.test_client()
    assert launch(other, platform, name="Priya S.").status_code == 303
    users, links, activities, sessions = _counts(app)
    assert (users, links, activities) == before[:3]
    assert sessions == before[3] + 1


def test_an_existing_learner_account_is_linked_by_email(app, client, platform):
    from tests.factories import make_user

    with app.app_context():
        make_user(db.session, "priya.shah@college.example", [Role.LEARNER])
        db.session.commit()
    assert launch(client, platform).status_code == 303
    assert _counts(app)[:2] == (1, 1)


def test_a_staff_account_is_never_linked_by_email(app, client, platform):
    from tests.factories import make_user

    with app.app_context():
        make_user(db.session, "priya.shah@college.example", [Role.ADMIN])
        db.session.commit()
    resp = launch(client, platform)
    assert resp.status_code == 403
    assert "already exists with other roles" in resp.get_data(as_text=True)
    assert _counts(app) == (1, 0, 0, 0)


def _tamper(token: str) -> str:
    """Change the subject in the payload and keep the original signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    return ".".join([header, forged.decode(), signature])


def test_a_tampered_token_is_refused_and_nothing_is_created(app, client, platform):
    auth = oidc_login(client, platform)
    token = _tamper(platform.id_token(auth["nonce"]))
    resp = client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert resp.status_code == 400
    assert "Signature verification failed" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)
    assert client.get("/lti/activities").status_code == 302  # not signed in


def test_a_token_signed_by_another_key_is_refused(app, client, platform):
    from tests.web.lti.platform import FakePlatform

    impostor = FakePlatform(own_key=True)
    try:
        impostor.issuer, impostor.jwk["kid"] = platform.issuer, platform.jwk["kid"]
        auth = oidc_login(client, platform)
        token = impostor.id_token(auth["nonce"])
    finally:
        impostor.close()
    resp = client.post("/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert resp.status_code == 400
    assert "Signature verification failed" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_a_wrong_audience_is_refused_and_nothing_is_created(app, client, platform):
    resp = launch(client, platform, aud="some-other-tool")
    assert resp.status_code == 400
    assert "Registration not found" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_a_replayed_nonce_is_refused_and_nothing_more_is_created(app, client, platform):
    auth = oidc_login(client, platform)
    form = {"id_token": platform.id_token(auth["nonce"]), "state": auth["state"]}
    assert client.post("/lti/launch", data=form).status_code == 303
    before = _counts(app)
    replay = client.post("/lti/launch", data=form)
    assert replay.status_code == 400
    assert "Invalid Nonce" in replay.get_data(as_text=True)
    assert _counts(app) == before


def test_a_launch_without_the_state_cookie_is_refused(app, client, platform):
    auth = oidc_login(client, platform)
    token = platform.id_token(auth["nonce"])
    stranger = app.test_client()  # another browser: no state cookie
    resp = stranger.post(
        "/lti/launch", data={"id_token": token, "state": auth["state"]}
    )
    assert resp.status_code == 400
    assert "State not found" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_an_unknown_deployment_is_refused(app, client, platform):
    resp = launch(client, platform, **{LTI + "deployment_id": "dep-unknown"})
    assert resp.status_code == 400
    assert "Unable to find deployment" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_an_expired_token_is_refused(app, client, platform):
    resp = launch(client, platform, exp=1_000_000, iat=999_000)
    assert resp.status_code == 400
    assert "expired" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_a_role_without_access_is_refused(app, client, platform):
    mentor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"
    resp = launch(client, platform, **{LTI + "roles": [mentor]})
    assert resp.status_code == 403
    assert "gives no access to the portfolio" in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0, 0)


def test_a_login_from_an_unknown_issuer_is_refused(client, platform):
    resp = client.get(
        "/lti/login",
        query_string={"iss": "https://evil.example", "login_hint": "x"},
    )
    assert resp.status_code == 400
    assert "Could not find registration details" in resp.get_data(as_text=True)


def test_login_and_launch_are_the_only_csrf_exempt_lti_views(app):
    from portfolio.extensions import csrf

    exempt = {v for v in csrf._exempt_views if v.startswith("portfolio.lti.")}
    assert exempt == {
        "portfolio.lti.views.launch.login",
        "portfolio.lti.views.launch.launch",
    }


def test_a_launch_ends_the_session_another_user_had_in_this_browser(
    app, client, platform
):
    from tests.conftest import login
    from tests.factories import make_user

    with app.app_context():
        make_user(db.session, "someone@test.example", [Role.LEARNER])
        db.session.commit()
    assert login(client, "someone@test.example").status_code == 302
    assert launch(client, platform).status_code == 303
    with app.app_context():
        owners = set(db.session.scalars(select(AuthSession.user_id)))
        priya = db.session.scalars(
            select(User.id).where(User.email == "priya.shah@college.example")
        ).one()
    assert owners == {priya}

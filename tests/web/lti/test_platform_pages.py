"""Administrators register platforms; learners with a badge see the Badges link."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.core.roles import Role
from portfolio.extensions import db
from portfolio.lti.models import LtiPlatform
from tests.conftest import login, post
from tests.factories import make_user

VALID = {
    "name": "Moodle",
    "issuer": "https://moodle.college.example",
    "client_id": "abc123",
    "auth_login_url": "https://moodle.college.example/mod/lti/auth.php",
    "auth_token_url": "https://moodle.college.example/mod/lti/token.php",
    "key_set_url": "https://moodle.college.example/mod/lti/certs.php",
    "deployment_ids": "1\n2, 2",
}


def _admin(app, client):
    with app.app_context():
        make_user(db.session, "admin@test.example", [Role.ADMIN])
        db.session.commit()
    assert login(client, "admin@test.example").status_code == 302


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LtiPlatform))


def test_the_page_shows_the_tools_copy_paste_urls(app, client):
    _admin(app, client)
    html = client.get("/lti/platforms").get_data(as_text=True)
    for path in ("/lti/launch", "/lti/login", "/lti/jwks.json"):
        assert f"<code>http://127.0.0.1:5000{path}</code>" in html


def test_an_admin_registers_edits_and_removes_a_platform(app, client):
    _admin(app, client)
    resp = post(client, "/lti/platforms", VALID)
    assert resp.status_code == 302
    with app.app_context():
        row = db.session.scalars(select(LtiPlatform)).one()
        assert row.deployments == ("1", "2")
        platform_id = row.id
    edit = post(client, f"/lti/platforms/{platform_id}", {**VALID, "name": "Moodle 2"})
    assert edit.status_code == 302
    with app.app_context():
        assert db.session.get(LtiPlatform, platform_id).name == "Moodle 2"
    assert post(client, f"/lti/platforms/{platform_id}/remove").status_code == 302
    assert _count(app) == 0


def test_bad_input_is_a_clear_error_and_nothing_is_written(app, client):
    _admin(app, client)
    resp = post(
        client, "/lti/platforms", {**VALID, "key_set_url": "http://evil.example/k"}
    )
    assert resp.status_code == 422
    assert "Enter an https:// address." in resp.get_data(as_text=True)
    empty = post(client, "/lti/platforms", {**VALID, "deployment_ids": " , "})
    assert empty.status_code == 422
    assert "Enter at least one deployment id" in empty.get_data(as_text=True)
    assert _count(app) == 0


def test_the_same_issuer_and_client_twice_is_refused(app, client):
    _admin(app, client)
    assert post(client, "/lti/platforms", VALID).status_code == 302
    again = post(client, "/lti/platforms", VALID)
    assert again.status_code == 422
    assert "registered already" in again.get_data(as_text=True)
    assert _count(app) == 1


def test_a_post_without_a_csrf_token_is_refused(app, client):
    _admin(app, client)
    assert client.post("/lti/platforms", data=VALID).status_code == 400
    assert _count(app) == 0


def test_the_badges_link_shows_only_for_a_learner_with_a_badge(app, client):
    from tests.web.api.badge_helpers import signed_off

    with app.app_context():
        signed_off(db.session)
        make_user(db.session, "fresh@test.example", [Role.LEARNER])
        db.session.commit()
    assert login(client, "learner@test.example").status_code == 302
    assert 'href="/badges/"' in client.get("/dashboard").get_data(as_text=True)
    other = app.test_client()
    assert login(other, "fresh@test.example").status_code == 302
    assert 'href="/badges/"' not in other.get("/dashboard").get_data(as_text=True)

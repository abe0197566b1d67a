"""Deep linking and grade passback against the simulated platform."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from portfolio.audit.models import AuditEvent
from portfolio.extensions import db
from portfolio.lti.models import LtiActivity
from portfolio.simulator.models import SimulationRun
from tests.conftest import csrf_token, post
from tests.web.lti.conftest import launch
from tests.web.lti.platform import DL, LTI
from tests.web.simulator.helpers import load_sim_content, play_perfect

JWT_RE = re.compile(r'name="JWT" value="([^"]+)"')


def _deep_link_launch(client, platform):
    resp = launch(client, platform, **platform.deep_link_claims())
    assert resp.status_code == 303, resp.get_data(as_text=True)
    assert resp.headers["Location"].endswith("/lti/deep-link")
    return resp


def test_deep_linking_returns_a_signed_jwt_the_platform_accepts(client, platform):
    _deep_link_launch(client, platform)
    page = client.get("/lti/deep-link")
    assert page.status_code == 200
    assert "Urgent sales order (hard) - simulator" in page.get_data(as_text=True)
    resp = post(
        client,
        "/lti/deep-link",
        {"activities": ["urgent:hard", "standard:easy"]},
    )
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert f'action="{platform.base}/deep-link-return"' in html
    assert (
        f"form-action 'self' {platform.base}" in resp.headers["Content-Security-Policy"]
    )
    token = unescape(JWT_RE.search(html).group(1))
    claims = platform.verify_tool_jwt(token, audience=platform.issuer)
    assert claims["iss"] == platform.client_id
    assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[LTI + "deployment_id"] == platform.deployment_id
    assert claims[DL + "data"] == "course-42"
    items = claims[DL + "content_items"]
    assert [i["custom"] for i in items] == [
        {"scenario_type": "urgent", "difficulty": "hard"},
        {"scenario_type": "standard", "difficulty": "easy"},
    ]
    assert {i["type"] for i in items} == {"ltiResourceLink"}
    assert all(i["url"] == "http://127.0.0.1:5000/lti/launch" for i in items)
    assert all(i["lineItem"]["scoreMaximum"] == 100 for i in items)
    # The choice is used once: the launch is forgotten.
    assert client.get("/lti/deep-link").status_code == 404


def test_deep_linking_without_a_choice_is_a_clear_error(client, platform):
    _deep_link_launch(client, platform)
    resp = post(client, "/lti/deep-link", {})
    assert resp.status_code == 422
    assert "Choose at least one scenario." in resp.get_data(as_text=True)
    bad = post(client, "/lti/deep-link", {"activities": ["urgent:impossible"]})
    assert bad.status_code == 422


def test_a_learner_cannot_start_deep_linking(app, client, platform):
    claims = platform.deep_link_claims()
    claims[LTI + "roles"] = [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
    ]
    resp = launch(client, platform, **claims)
    assert resp.status_code == 403
    assert "Only instructors" in resp.get_data(as_text=True)


def test_deep_linking_without_a_launch_is_404(app, client, platform):
    from portfolio.core.roles import Role
    from tests.conftest import login
    from tests.factories import make_user

    with app.app_context():
        make_user(db.session, "a@test.example", [Role.ASSESSOR])
        db.session.commit()
    login(client, "a@test.example")
    assert client.get("/lti/deep-link").status_code == 404


def _start_and_finish(app, client) -> int:
    """Start the launched activity's scenario and play it to the end."""
    with app.app_context():
        load_sim_content(db.session)
        db.session.commit()
        activity_id = db.session.scalars(select(LtiActivity.id)).one()
    resp = post(client, f"/lti/activities/{activity_id}/start")
    assert resp.status_code == 302 and "/simulator/runs/" in resp.headers["Location"]
    with app.app_context():
        activity = db.session.get(LtiActivity, activity_id)
        run = db.session.get(SimulationRun, activity.run_id)
        play_perfect(db.session, run, run.learner)
        db.session.commit()
    return activity_id


def test_grade_passback_posts_the_marking_point_score(app, client, platform):
    assert launch(client, platform).status_code == 303
    activity_id = _start_and_finish(app, client)
    resp = post(client, f"/lti/activities/{activity_id}/score", follow_redirects=True)
    assert resp.status_code == 200
    assert "Score sent to your course" in resp.get_data(as_text=True)
    (token_request,) = platform.token_requests
    assert token_request["form"]["grant_type"] == "client_credentials"
    assert "lti-ags/scope/score" in token_request["form"]["scope"]
    assert token_request["claims"]["iss"] == platform.client_id
    (score,) = platform.scores
    assert score["authorization"].startswith("Bearer platform-token-")
    assert score["content_type"] == "application/vnd.ims.lis.v1.score+json"
    body = score["body"]
    with app.app_context():
        activity = db.session.get(LtiActivity, activity_id)
        run = activity.run
        assert body["scoreGiven"] == run.criteria_met == activity.score_given
        assert body["scoreMaximum"] == activity.score_maximum
        assert activity.score_sent_at is not None
        assert db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "lti.score_send")
        ).one()
    assert body["userId"] == "moodle-user-7"
    assert body["activityProgress"] == "Completed"
    assert body["gradingProgress"] == "FullyGraded"


def test_an_unfinished_run_sends_no_score(app, client, platform):
    assert launch(client, platform).status_code == 303
    with app.app_context():
        load_sim_content(db.session)
        db.session.commit()
        activity_id = db.session.scalars(select(LtiActivity.id)).one()
    post(client, f"/lti/activities/{activity_id}/start")
    resp = post(client, f"/lti/activities/{activity_id}/score", follow_redirects=True)
    assert "not finished yet" in resp.get_data(as_text=True)
    assert platform.scores == [] and platform.token_requests == []
    with app.app_context():
        assert db.session.get(LtiActivity, activity_id).score_sent_at is None


def test_another_learners_activity_is_404(app, client, platform):
    assert launch(client, platform).status_code == 303
    with app.app_context():
        activity_id = db.session.scalars(select(LtiActivity.id)).one()
    other = app.test_client()
    claims = {"sub": "moodle-user-8", "email": "other@college.example"}
    assert launch(other, platform, **claims).status_code == 303
    assert other.get(f"/lti/activities/{activity_id}").status_code == 404
    token = csrf_token(other, "/lti/activities")
    resp = other.post(
        f"/lti/activities/{activity_id}/score", data={"csrf_token": token}
    )
    assert resp.status_code == 404
    assert platform.scores == []


def test_without_a_line_item_the_score_goes_to_a_column_made_once(
    app, client, platform
):
    ags = {
        "scope": [
            "https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        ],
        "lineitems": platform.base + "/lineitems",
    }
    from tests.web.lti.platform import AGS

    assert launch(client, platform, **{AGS: ags}).status_code == 303
    activity_id = _start_and_finish(app, client)
    for _ in range(2):
        post(client, f"/lti/activities/{activity_id}/score")
    (column,) = platform.lineitems
    assert column["tag"] == "scenario:standard:easy"
    assert column["resourceLinkId"] == "res-1"
    assert [s["path"] for s in platform.scores] == ["/lineitems/2/lineitem/scores"] * 2


def test_a_course_without_grades_is_told_so(app, client, platform):
    from tests.web.lti.platform import AGS

    assert launch(client, platform, **{AGS: None}).status_code == 303
    activity_id = _start_and_finish(app, client)
    resp = post(client, f"/lti/activities/{activity_id}/score", follow_redirects=True)
    assert "no gradebook column" in resp.get_data(as_text=True)
    assert platform.token_requests == [] and platform.scores == []

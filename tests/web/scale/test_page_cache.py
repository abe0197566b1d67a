"""The page cache: a repeated view is served from Redis; any change it shows is seen.

Each test uses the pages as people do (the forms, then the page they look at next)
against a real Redis (``TEST_REDIS_URL``; ``REQUIRE_REDIS=1`` makes a missing one a
failure).
"""

from __future__ import annotations

import io
import re

import pytest
from redis import Redis
from sqlalchemy import event, select, update

from portfolio.auth.models import Cohort, Enrolment, User
from portfolio.core import pagecache
from portfolio.core.time import utcnow
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.extensions import db
from tests.conftest import REDIS_URL, csrf_token, login, post
from tests.integration.assessment.helpers import submitted
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seeded_app

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def app(tmp_path, redis_cache):
    """A seeded app (SQLite file) whose page cache lives in the test Redis."""
    app = seeded_app(tmp_path, "cache", **redis_cache)
    with app.app_context():
        learner = db.session.get(User, app.config["IDS"]["learner"])
        submitted(db.session, learner, ("K1",), title="Order for Hale")
        db.session.commit()
    return app


def _as(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _get(client, path: str) -> tuple[str, str]:
    """The page's text and whether it came from the cache."""
    resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code)
    return resp.get_data(as_text=True), resp.headers.get("X-Page-Cache", "")


def _queries(app):
    """Count statements sent to the database."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def _upload_and_submit(learner, title: str) -> None:
    """The learner's path: upload a file, map it to a criterion, submit it."""
    form = {
        "title": title,
        "evidence_date": YESTERDAY.isoformat(),
        "context": "workplace",
        "order_type": "standard",
        "description": "The order form I completed",
        "csrf_token": csrf_token(learner, "/evidence/new/upload"),
        "file": (io.BytesIO(pdf_bytes()), "order.pdf"),
    }
    resp = learner.post(
        "/evidence/new/upload", data=form, content_type="multipart/form-data"
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    item = int(re.search(r"/evidence/(\d+)", resp.headers["Location"]).group(1))
    mapped = post(learner, f"/evidence/{item}/mapping",
                  {"c_MP1": "y", "j_MP1": "I checked every field"})  # fmt: skip
    assert mapped.status_code == 302
    done = post(learner, f"/evidence/{item}/submit", {"redaction_confirmed": "y"})
    assert done.status_code == 302


def test_a_repeated_view_is_served_from_the_cache_in_fewer_queries(app) -> None:
    assessor = _as(app, "assessor@test.example")
    first, state = _get(assessor, "/assessment/queue")
    assert state == "miss" and "Order for Hale" in first
    seen = _queries(app)
    again, state = _get(assessor, "/assessment/queue")
    assert state == "hit"
    assert TOKEN_RE.sub("", again) == TOKEN_RE.sub("", first)
    # the session (one query) and who is on the caseload: nothing else
    assert len(seen) <= 3, seen


def test_a_submission_shows_at_once_on_the_assessors_cached_pages(app) -> None:
    assessor = _as(app, "assessor@test.example")
    pages = ["/assessment/queue", "/assessment/caseload", "/dashboard"]
    for path in pages:
        _get(assessor, path)
        assert _get(assessor, path)[1] == "hit"
    learner = _as(app, "learner@test.example")
    _upload_and_submit(learner, "Urgent order for Brook Ltd")
    queue, state = _get(assessor, "/assessment/queue")
    assert state == "miss"
    assert "Urgent order for Brook Ltd" in queue and "2 items waiting" in queue
    for path in pages[1:]:
        assert _get(assessor, path)[1] == "miss", path


def test_a_judgement_shows_at_once_on_the_learners_cached_pages(app) -> None:
    ids = app.config["IDS"]
    learner = _as(app, "learner@test.example")
    before, _ = _get(learner, "/assessment/coverage")
    assert _get(learner, "/assessment/coverage")[1] == "hit"
    _get(learner, "/dashboard")
    assert _get(learner, "/dashboard")[1] == "hit"
    with app.app_context():
        item = db.session.scalar(select(EvidenceItem).where(
            EvidenceItem.learner_id == ids["learner"]))  # fmt: skip
        item_id, version = item.id, item.version_id
    assessor = _as(app, "assessor@test.example")
    judged = post(assessor, f"/assessment/items/{item_id}",
                  {"version": version, "d_K1": "met", "outcome": "accept"})  # fmt: skip
    assert judged.status_code == 302
    after, state = _get(learner, "/assessment/coverage")
    assert state == "miss" and after != before
    assert _get(learner, "/dashboard")[1] == "miss"


def test_a_cached_page_carries_the_viewers_own_csrf_token(app) -> None:
    one = _as(app, "assessor@test.example")
    two = _as(app, "assessor@test.example")  # the same person on another device
    first, _ = _get(one, "/assessment/caseload")
    second, state = _get(two, "/assessment/caseload")
    assert state == "hit"
    token_one = TOKEN_RE.search(first).group(1)
    token_two = TOKEN_RE.search(second).group(1)
    assert token_one != token_two
    # the cached page's sign-out form works for the second session
    out = two.post("/auth/logout", data={"csrf_token": token_two})
    assert out.status_code == 302
    assert two.get("/assessment/caseload").status_code == 302  # signed out
    assert one.get("/assessment/caseload").status_code == 200


def test_nobody_is_served_another_persons_page(app) -> None:
    ids = app.config["IDS"]
    mine, _ = _get(_as(app, "assessor@test.example"), "/dashboard")
    theirs, state = _get(_as(app, "assessor.b@test.example"), "/dashboard")
    assert state == "miss" and theirs != mine
    coverage = f"/assessment/learners/{ids['learner']}/coverage"
    _get(_as(app, "assessor@test.example"), coverage)
    # assessor B never assessed this learner: still a 404, cached page or not
    assert _as(app, "assessor.b@test.example").get(coverage).status_code == 404


def test_losing_a_learner_ends_the_cached_access_to_their_pages(app) -> None:
    ids = app.config["IDS"]
    assessor = _as(app, "assessor@test.example")
    coverage = f"/assessment/learners/{ids['learner']}/coverage"
    _get(assessor, coverage)
    assert _get(assessor, coverage)[1] == "hit"
    with app.app_context():
        enrolment = db.session.scalar(
            select(Enrolment).where(Enrolment.learner_id == ids["learner"])
        )
        enrolment.assessor_id = ids["assessor_b"]
        db.session.commit()
    assert assessor.get(coverage).status_code == 404
    queue, _ = _get(assessor, "/assessment/queue")
    assert "Order for Hale" not in queue


def test_a_page_with_a_message_is_rendered_fresh_and_not_kept(app) -> None:
    learner = _as(app, "learner@test.example")
    _get(learner, "/dashboard")
    with learner.session_transaction() as sess:
        sess["_flashes"] = [("success", "Your reflection was saved.")]
    resp = learner.get("/dashboard")
    assert "Your reflection was saved." in resp.get_data(as_text=True)
    assert "X-Page-Cache" not in resp.headers
    page, state = _get(learner, "/dashboard")
    assert state == "hit" and "Your reflection was saved." not in page


def test_a_renamed_assessor_shows_on_their_learners_pages(app) -> None:
    ids = app.config["IDS"]
    learner = _as(app, "learner@test.example")
    _get(learner, "/dashboard")
    with app.app_context():
        db.session.get(User, ids["assessor"]).display_name = "Priya Assessor-Shah"
        db.session.commit()
    page, state = _get(learner, "/dashboard")
    assert state == "miss" and "Priya Assessor-Shah" in page


def test_a_bulk_update_invalidates_every_page(app) -> None:
    assessor = _as(app, "assessor@test.example")
    _get(assessor, "/assessment/caseload")
    with app.app_context():
        db.session.execute(update(Cohort).values(name="Renamed"))
        db.session.commit()
    assert _get(assessor, "/assessment/caseload")[1] == "miss"


def test_the_session_touch_invalidates_no_page(app) -> None:
    learner = _as(app, "learner@test.example")
    _get(learner, "/assessment/coverage")
    with app.app_context():
        bumped: list[set[str]] = []
        cache = pagecache.cache_of(app)
        real = cache.bump
        cache.bump = lambda scopes: (bumped.append(set(scopes)), real(scopes))
        try:
            from portfolio.auth.models import AuthSession

            for row in db.session.scalars(select(AuthSession)):
                row.last_seen_at = utcnow()  # what the loader does once a minute
            db.session.commit()
        finally:
            cache.bump = real
    # only the sessions' own check (the session cache) moves, no page's versions
    assert bumped and all(s.startswith("s:") for b in bumped for s in b)
    assert _get(learner, "/assessment/coverage")[1] == "hit"


def test_child_rows_bump_their_learner_not_everything(app) -> None:
    """A claim names no learner; its item does: only that learner's pages change."""
    ids = app.config["IDS"]
    bumped: list[set[str]] = []
    with app.app_context():
        cache = pagecache.cache_of(app)
        real = cache.bump
        cache.bump = lambda scopes: (bumped.append(set(scopes)), real(scopes))
        try:
            learner = db.session.get(User, ids["learner"])
            submitted(db.session, learner, ("K2",), title="Another")
            db.session.commit()
        finally:
            cache.bump = real
    assert bumped and pagecache.ALL not in bumped[0]
    assert f"l:{ids['learner']}" in bumped[0]
    assert f"l:{ids['learner_b']}" not in bumped[0]


def test_flask_page_cache_clear_renders_every_page_afresh(app) -> None:
    assessor = _as(app, "assessor@test.example")
    _get(assessor, "/assessment/caseload")
    assert _get(assessor, "/assessment/caseload")[1] == "hit"
    result = app.test_cli_runner().invoke(args=["page-cache", "clear"])
    assert result.exit_code == 0 and "afresh" in result.output
    assert _get(assessor, "/assessment/caseload")[1] == "miss"


def test_a_hard_reload_renders_the_page_again(app) -> None:
    learner = _as(app, "learner@test.example")
    _get(learner, "/dashboard")
    resp = learner.get("/dashboard", headers={"Cache-Control": "no-cache"})
    assert resp.headers["X-Page-Cache"] == "miss"


def test_an_action_on_the_desk_shows_on_the_cached_workspace(app) -> None:
    """The learner's path: open a run, search the CRM, see the results on the desk."""
    from tests.web.simulator.helpers import load_sim_content

    with app.app_context():
        load_sim_content(db.session)
        db.session.commit()
    learner = _as(app, "learner@test.example")
    started = post(learner, "/simulator/runs",
                   {"scenario_type": "standard", "difficulty": "easy", "seed": "2"})  # fmt: skip
    url = started.location
    learner.get(url)  # the first view carries the "started" message
    before, _ = _get(learner, url)
    assert _get(learner, url)[1] == "hit"
    acted = post(learner, f"{url}/act/search_crm", {"search_crm-query": "Ltd"})
    assert acted.status_code == 302
    learner.get(url)  # shows the action's message: rendered fresh
    after, state = _get(learner, url)
    assert state == "miss" and after != before
    assert "Use for this order" in after


def test_without_redis_pages_render_and_writes_commit(tmp_path) -> None:
    """A Redis that does not answer costs the cache, never a page or a write."""
    # the discard port: nothing listens
    app = seeded_app(tmp_path, "down", PAGE_CACHE_URL="redis://127.0.0.1:9/0")
    learner_id = app.config["IDS"]["learner"]
    learner = _as(app, "learner@test.example")
    resp = learner.get("/dashboard")
    assert resp.status_code == 200 and "X-Page-Cache" not in resp.headers
    _upload_and_submit(learner, "Order written while Redis was down")
    with app.app_context():
        titles = db.session.scalars(
            select(EvidenceVersion.title)
            .join(EvidenceItem, EvidenceItem.id == EvidenceVersion.item_id)
            .where(EvidenceItem.learner_id == learner_id)
        ).all()
    assert titles == ["Order written while Redis was down"]


INVENTED = {
    "parameter names": ("assessor", "/assessment/queue?overdue=1",
                        [f"/assessment/queue?x{n}=1" for n in range(20)]
                        + ["/assessment/queue?page=1&page=2"]),
    "parameter values": ("learner", "/assessment/coverage?state=met",
                         [f"/assessment/coverage?state=bogus{n}&order_type=x{n}"
                          for n in range(10)]),
}  # fmt: skip


@pytest.mark.parametrize("case", INVENTED)
def test_invented_addresses_are_rendered_but_never_stored(app, case) -> None:
    """A fuzzer inventing addresses cannot fill Redis with copies of a page."""
    who, real, invented = INVENTED[case]
    client = _as(app, f"{who}@test.example")
    redis = Redis.from_url(REDIS_URL)
    pattern = f"{app.config['PAGE_CACHE_PREFIX']}p:*"
    _get(client, real)
    assert _get(client, real)[1] == "hit"
    stored = len(list(redis.scan_iter(pattern)))
    for path in invented:
        resp = client.get(path)
        assert resp.status_code == 200 and "X-Page-Cache" not in resp.headers
    assert len(list(redis.scan_iter(pattern))) == stored

"""Host pinning, generic error pages, escaping and the no-state-change-on-GET rule."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.audit.models import AuditEvent
from portfolio.config import Config
from portfolio.extensions import db
from tests.conftest import login, make_test_app, post
from tests.factories import make_people


def test_unknown_host_header_is_refused(tmp_path) -> None:
    app = make_test_app(tmp_path, TRUSTED_HOSTS=["127.0.0.1", "localhost"])
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_production_500_page_shows_a_reference_and_no_detail(tmp_path) -> None:
    from portfolio import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "k" * 32,
            "SEAL_KEY": "s" * 32,
            "TRUSTED_HOSTS": None,
            "STORAGE_DIR": str(tmp_path),
        },
        config=Config,
    )

    @app.get("/boom")
    def boom():  # noqa: ANN202
        raise RuntimeError("secret internals /etc/passwd")

    boom._access = "public"
    resp = app.test_client().get("/boom")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "quote this reference" in body
    assert "Traceback" not in body and "secret internals" not in body
    assert app.debug is False


def test_user_text_is_escaped(app, client) -> None:
    with app.app_context():
        people = make_people(db.session)
        people[
            "learner"
        ].display_name = '<script>alert(1)</script>"><img src=x onerror=1>'
        db.session.commit()
    login(client, "learner@test.example")
    body = client.get("/dashboard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<img src=x" not in body


def test_get_requests_change_nothing(app) -> None:
    with app.app_context():
        make_people(db.session)
        db.session.commit()
    client = app.test_client()
    login(client, "admin@test.example")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.arguments and r.endpoint != "static"
    ]
    for rule in rules:
        client.get(rule.rule)
    with app.app_context():
        after = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == before


def test_admin_forms_reject_bad_input_and_write_nothing(app, client) -> None:
    with app.app_context():
        make_people(db.session)
        db.session.commit()
    login(client, "admin@test.example")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    cases = [
        (
            "/admin/users/new",
            {
                "display_name": "",
                "email": "x@example.com",
                "roles": ["learner"],
                "password": "long enough pw",
            },
            "Enter the person",
        ),
        (
            "/admin/users/new",
            {
                "display_name": "A B",
                "email": "not-an-email",
                "roles": ["learner"],
                "password": "long enough pw",
            },
            "in the right format",
        ),
        (
            "/admin/users/new",
            {
                "display_name": "A B",
                "email": "learner@test.example",
                "roles": ["learner"],
                "password": "long enough pw",
            },
            "already exists",
        ),
        (
            "/admin/users/new",
            {
                "display_name": "A B",
                "email": "n@example.com",
                "password": "long enough pw",
            },
            "Choose at least one role",
        ),
        (
            "/admin/cohorts",
            {"name": "C", "start_date": "2026-05-01", "planned_end_date": "2026-01-01"},
            "must be after",
        ),
        (
            "/admin/cohorts",
            {"name": "C", "start_date": "yesterday", "planned_end_date": "2026-01-01"},
            "Enter a real date",
        ),
    ]
    for url, data, message in cases:
        resp = post(client, url, data)
        assert resp.status_code == 200, url
        assert message in resp.get_data(as_text=True), (url, message)
        assert 'class="error-summary"' in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before

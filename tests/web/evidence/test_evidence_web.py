"""Evidence pages through the test client: uploads, errors, scoping, signing links."""

from __future__ import annotations

import io
import os
import re

import html5lib
import pytest
from sqlalchemy import func, select, text

from portfolio.evidence.models import (
    EvidenceItem,
    EvidenceVersion,
    Testimony,
    TestimonyLink,
)
from portfolio.extensions import db
from portfolio.mail.models import OutboxMessage
from tests.conftest import csrf_token, login, make_test_app, post
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed

DETAILS = {
    "title": "Order form for Hale",
    "evidence_date": YESTERDAY.isoformat(),
    "context": "workplace",
    "order_type": "standard",
    "description": "What it shows",
}
REQUEST = {
    "witness_name": "Sam Supervisor",
    "witness_email": "supervisor@test.example",
    "witness_job_title": "Sales office manager",
    "relationship": "Line manager",
    "witnessed": "Entered urgent orders",
    "date_from": YESTERDAY.isoformat(),
    "date_to": YESTERDAY.isoformat(),
    "criteria": ["MP1", "MP2"],
    "draft_statement": "They did well.",
}


@pytest.fixture
def world(app):
    """The seeded app (SQLite) with the people's ids."""
    with app.app_context():
        people = seed(db.session)
        db.session.commit()
        return {k: u.id for k, u in people.items()}


def _as(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _upload(client, name="order.pdf", data=None, **fields):
    form = dict(DETAILS, **fields)
    form["csrf_token"] = csrf_token(client, "/evidence/new/upload")
    form["file"] = (io.BytesIO(pdf_bytes() if data is None else data), name)
    return client.post(
        "/evidence/new/upload", data=form, content_type="multipart/form-data"
    )


def _counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(EvidenceItem)),
            db.session.scalar(select(func.count()).select_from(EvidenceVersion)),
        )


def _stored_files(app) -> list[str]:
    root = app.config["STORAGE_DIR"]
    return [f for d, _, fs in os.walk(root) for f in fs]


def test_upload_map_submit_and_download_with_safe_headers(app, world) -> None:
    client = _as(app, "learner@test.example")
    resp = _upload(client)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(
        "/evidence/1/mapping"
    )
    resp = post(
        client, "/evidence/1/mapping", {"c_MP1": "y", "j_MP1": "All fields correct"}
    )
    assert resp.status_code == 302
    page = client.get("/evidence/1").get_data(as_text=True)
    assert "All fields correct" in page and "Submit for assessment" in page
    resp = post(client, "/evidence/1/submit", {})
    assert "Confirm that you removed" in client.get("/evidence/1").get_data(
        as_text=True
    )
    resp = post(client, "/evidence/1/submit", {"redaction_confirmed": "y"})
    assert "Submitted" in client.get("/evidence/1").get_data(as_text=True)
    resp = client.get("/evidence/1/versions/1/file")
    assert resp.status_code == 200 and resp.data == pdf_bytes()
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.headers["Content-Disposition"].startswith("attachment")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"].startswith("sandbox")
    assert client.get("/static/" + _stored_files(app)[0]).status_code == 404


def test_personal_data_in_an_upload_is_warned_about(app, world) -> None:
    client = _as(app, "learner@test.example")
    resp = _upload(
        client, data=pdf_bytes("Ring Jo on 07700 900123 at jo@hale.example, LS1 4AP")
    )
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "1 email address, 1 phone number and 1 postcode" in page


@pytest.mark.parametrize(
    ("name", "data", "fields", "message"),
    [
        (
            "evil.pdf",
            b"<html><script>alert(1)</script></html>",
            {},
            "content is not one",
        ),
        ("big.txt", b"x" * (110 * 1024), {}, "smaller than 0.1 MB"),
        ("order.pdf", None, {"title": ""}, "Enter a title."),
        ("order.pdf", None, {"evidence_date": "2999-01-01"}, "cannot be in the future"),
        ("order.pdf", None, {"context": "moon"}, "Choose one of the options shown"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_write_nothing(
    tmp_path, name, data, fields, message
) -> None:
    app = make_test_app(tmp_path, UPLOAD_MAX_MB=0.1)
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    client = _as(app, "learner@test.example")
    resp = _upload(client, name=name, data=data, **fields)
    assert resp.status_code == 422
    assert message in resp.get_data(as_text=True)
    assert _counts(app) == (0, 0) and _stored_files(app) == []


def test_a_body_over_the_request_limit_gets_413_and_writes_nothing(tmp_path) -> None:
    app = make_test_app(tmp_path, MAX_CONTENT_LENGTH=2048)
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    client = _as(app, "learner@test.example")
    resp = _upload(client, data=b"x" * 4096, name="a.txt")
    assert resp.status_code == 413 and "larger than the upload limit" in resp.get_data(
        as_text=True
    )
    assert _counts(app) == (0, 0) and _stored_files(app) == []


def test_another_learners_evidence_is_a_404_everywhere(app, world) -> None:
    owner = _as(app, "learner@test.example")
    _upload(owner)
    other = _as(app, "learner.b@test.example")
    for url in [
        "/evidence/1",
        "/evidence/1/versions/1",
        "/evidence/1/versions/1/file",
        "/evidence/1/mapping",
        "/evidence/1/edit",
        "/api/v1/evidence/1",
    ]:
        assert other.get(url).status_code in (404, 401), url
    for url, data in [
        ("/evidence/1/mapping", {"c_MP1": "y", "j_MP1": "mine now"}),
        ("/evidence/1/submit", {"redaction_confirmed": "y"}),
        ("/evidence/1/withdraw", {}),
    ]:
        assert post(other, url, data).status_code == 404, url
    assert "Order form for Hale" not in other.get("/evidence/").get_data(as_text=True)
    with app.app_context():
        item = db.session.get(EvidenceItem, 1)
        assert item.status == "draft" and item.current.claims == []
    assessor_b = _as(app, "assessor.b@test.example")
    assert assessor_b.get("/evidence/1").status_code == 404
    assert assessor_b.get(f"/evidence/learners/{world['learner']}").status_code == 404


def _request_testimony(app):
    learner = _as(app, "learner@test.example")
    resp = post(learner, "/evidence/testimonies/new", REQUEST)
    assert resp.status_code == 302
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage)).first().body
    url = re.search(r"(http\S+/evidence/sign/(\S+))", body)
    return learner, url.group(1), "/evidence/sign/" + url.group(2)


def test_link_is_built_from_public_base_url_and_scanner_safe(app, world) -> None:
    learner, url, path = _request_testimony(app)
    assert url.startswith(app.config["PUBLIC_BASE_URL"] + "/evidence/sign/")
    anon = app.test_client()
    for _ in range(3):
        resp = anon.get(path)
        assert resp.status_code == 200
    for _ in range(2):
        assert anon.head(path).status_code == 200
    assert resp.headers["Cache-Control"] == "no-store"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    page = resp.get_data(as_text=True)
    assert "Sign out" not in page and "They did well." in page
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).where(TestimonyLink.used_at.is_not(None))
            )
            == 0
        )
        assert db.session.scalar(select(Testimony.state)) == "awaiting"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    base = {
        "statement": "I saw it.",
        "signer_name": "Sam Supervisor",
        "job_title": "Manager",
    }
    assert (
        anon.post(path, data=dict(base, csrf_token=token)).status_code == 400
    )  # no tick
    assert (
        anon.post(
            path, data=dict(base, confirmed="y", signer_name="Bob", csrf_token=token)
        ).status_code
        == 400
    )
    assert anon.post(path, data=dict(base, confirmed="y")).status_code == 400  # no CSRF
    resp = anon.post(path, data=dict(base, confirmed="y", csrf_token=token))
    assert resp.status_code == 200 and "You signed the testimony" in resp.get_data(
        as_text=True
    )
    again = anon.post(path, data=dict(base, confirmed="y", csrf_token=token))
    assert again.status_code == 410 and "already been signed" in again.get_data(
        as_text=True
    )
    assert anon.get(path).status_code == 410
    assert anon.get(path[:-4] + "abcd").status_code == 404
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(Testimony.state == "signed"))
            == 1
        )
    page = learner.get("/evidence/1").get_data(as_text=True)
    assert "Signed and locked" in page and "Verified: matches its signature" in page


def test_in_app_signing_by_the_addressee_only(app, world) -> None:
    _request_testimony(app)
    assessor = _as(app, "assessor@test.example")
    assert assessor.get("/evidence/testimonies/1/sign").status_code == 404
    assert "No one has asked you" in assessor.get("/evidence/testimonies").get_data(
        as_text=True
    )
    supervisor = _as(app, "supervisor@test.example")
    assert "Testimonies awaiting your signature" in supervisor.get(
        "/dashboard"
    ).get_data(as_text=True)
    resp = post(
        supervisor,
        "/evidence/testimonies/1/sign",
        {
            "statement": "Seen.",
            "signer_name": "Sam Supervisor",
            "job_title": "Manager",
            "confirmed": "y",
        },
    )
    assert resp.status_code == 302
    resp = post(
        supervisor,
        "/evidence/testimonies/1/sign",
        {
            "statement": "Twice.",
            "signer_name": "Sam Supervisor",
            "job_title": "Manager",
            "confirmed": "y",
        },
    )
    assert resp.status_code == 302
    assert "already been signed" in supervisor.get(
        "/evidence/testimonies/1/sign"
    ).get_data(as_text=True)
    with app.app_context():
        t = db.session.get(Testimony, 1)
        assert (t.statement, t.signed_via) == ("Seen.", "app")


def test_tampering_shows_in_page_list_matrix_and_api(app, world) -> None:
    learner, url, path = _request_testimony(app)
    anon = app.test_client()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', anon.get(path).get_data(as_text=True)
    ).group(1)
    anon.post(
        path,
        data={
            "statement": "Signed text",
            "signer_name": "Sam Supervisor",
            "job_title": "Manager",
            "confirmed": "y",
            "csrf_token": token,
        },
    )
    with app.app_context():
        from tests.integration.evidence.security.test_sealed_rows import drop_guards

        drop_guards(db.session)  # the triggers refuse the edit otherwise (issue 16)
        db.session.execute(text("UPDATE testimony SET statement = 'Forged text'"))
        db.session.commit()
        from portfolio.auth.models import User
        from portfolio.auth.services.tokens import create_token

        _, api_token = create_token(
            db.session, db.session.get(User, world["learner"]), "t"
        )
        db.session.commit()
    marker = "Tampered: content does not match its signature"
    for page in ("/evidence/1", "/evidence/", "/assessment/coverage"):
        assert marker in learner.get(page).get_data(as_text=True), page
    assessor = _as(app, "assessor@test.example")
    assert marker in assessor.get("/evidence/1").get_data(as_text=True)
    body = (
        app.test_client()
        .get("/api/v1/evidence/1", headers={"Authorization": f"Bearer {api_token}"})
        .json
    )
    assert body["tampered"] is True and body["testimony"]["tampered"] is True


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "{{7*7}}",
]


def _assert_no_injection(html: str) -> None:
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    for el in doc.iter():
        if el.tag == "script":
            assert el.get("src"), "inline script"
        assert el.tag not in ("svg", "img") or el.get("src") != "x"
        for name, value in el.attrib.items():
            assert not name.startswith("on"), (el.tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith("javascript:"), value


def test_user_text_is_escaped_on_every_page(app, world) -> None:
    learner = _as(app, "learner@test.example")
    payload = " ".join(XSS)
    resp = _upload(
        learner,
        name="x<img src=x onerror=alert(1)>.pdf",
        title=payload[:200],
        description=payload + " [x](javascript:alert(1))",
    )
    assert resp.status_code == 302, re.findall(
        r"error-summary__list.*?</ul>", resp.get_data(as_text=True), re.S
    )
    resp = post(
        learner,
        "/evidence/new/reflection",
        {
            "title": payload[:200],
            "evidence_date": YESTERDAY.isoformat(),
            "context": "simulation",
            "what_happened": payload,
            "decisions": payload,
            "procedure": payload,
            "differently": payload,
        },
    )
    assert resp.status_code == 302, re.findall(
        r"error-summary__list.*?</ul>", resp.get_data(as_text=True), re.S
    )
    resp = post(
        learner,
        "/evidence/testimonies/new",
        dict(
            REQUEST,
            witnessed=payload,
            draft_statement=payload,
            witness_name="Sam <b>S</b>",
        ),
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[-3000:]
    pages = [
        "/evidence/",
        "/evidence/1",
        "/evidence/2",
        "/evidence/3",
        "/assessment/coverage",
        "/evidence/1/mapping",
        "/dashboard",
    ]
    for page in pages:
        resp = learner.get(page)
        assert resp.status_code == 200, page
        _assert_no_injection(resp.get_data(as_text=True))
        if page in ("/evidence/1", "/evidence/2", "/evidence/3"):
            assert "{{7*7}}" in resp.get_data(as_text=True)  # shown, never evaluated
    supervisor = _as(app, "supervisor@test.example")
    _assert_no_injection(
        supervisor.get("/evidence/testimonies/1/sign").get_data(as_text=True)
    )
    admin = _as(app, "admin@test.example")
    _assert_no_injection(admin.get("/dev/outbox").get_data(as_text=True))


def test_signing_link_rate_limit(tmp_path) -> None:
    app = make_test_app(
        tmp_path, RATELIMIT_ENABLED=True, SIGN_LINK_RATE_LIMIT="10/hour"
    )
    client = app.test_client()
    statuses = [
        client.get(f"/evidence/sign/bad-token-{n}").status_code for n in range(11)
    ]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429


def test_dev_outbox_is_not_served_in_production(tmp_path) -> None:
    app = make_test_app(tmp_path, ENV_NAME="production")
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    admin = _as(app, "admin@test.example")
    assert admin.get("/dev/outbox").status_code == 404

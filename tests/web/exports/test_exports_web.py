"""Export pages: start, progress JSON, download, 404s, and public verification."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from portfolio.auth.models import User
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.conftest import login, post
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio
from tests.web.exports.helpers import make_finished_export


@pytest.fixture
def people(app):
    """Ids and emails of one person per role (plain values, no ORM rows)."""
    with app.app_context():
        made = make_people(db.session)
        db.session.commit()
        return {k: SimpleNamespace(id=v.id, email=v.email) for k, v in made.items()}


def _export(app, people, data=b"%PDF-1.7 a recorded export\n"):
    with app.app_context():
        learner = db.session.get(User, people["learner"].id)
        assessor = db.session.get(User, people["assessor"].id)
        return make_finished_export(app, db.session, learner, assessor, data).public_id


def test_learner_starts_an_export_and_downloads_it(app, client) -> None:
    with app.app_context():
        people = make_people(db.session)
        build_portfolio(db.session, app, people)
        learner_id = people["learner"].id
    app.config["EXPORT_RUNNER"] = "inline"
    login(client, "learner@test.example")
    resp = post(client, f"/learners/{learner_id}/exports")
    assert resp.status_code == 302
    show = client.get(resp.headers["Location"])
    assert b"The PDF is ready" in show.data
    public_id = resp.headers["Location"].rsplit("/", 1)[-1]
    status = client.get(f"/exports/{public_id}/status").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    pdf = client.get(status["download_url"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("attachment")


def test_start_without_csrf_writes_nothing(app, client, people) -> None:
    login(client, "learner@test.example")
    resp = client.post(f"/learners/{people['learner'].id}/exports", data={})
    assert resp.status_code in (302, 400)
    with app.app_context():
        assert db.session.query(PortfolioExport).count() == 0


def test_queued_export_shows_progress_and_no_download(app, client, people) -> None:
    login(client, "assessor@test.example")
    resp = post(client, f"/learners/{people['learner'].id}/exports")
    public_id = resp.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/exports/{public_id}")
    assert b'<progress id="export-meter"' in page.data
    assert b'http-equiv="refresh"' in page.data  # works without JS
    assert client.get(f"/exports/{public_id}/status").get_json()["download_url"] is None
    assert client.get(f"/exports/{public_id}/download").status_code == 404


def test_other_learners_exports_are_404(app, client, people) -> None:
    public_id = _export(app, people)
    login(client, "learner.b@test.example")
    for path in ("", "/status", "/download"):
        assert client.get(f"/exports/{public_id}{path}").status_code == 404
    assert client.get(f"/learners/{people['learner'].id}/exports").status_code == 404
    assert post(client, f"/learners/{people['learner'].id}/exports").status_code == 404


def test_verify_accepts_the_file_and_rejects_a_changed_byte(
    app, client, people
) -> None:
    data = b"%PDF-1.7 a recorded export\n"
    public_id = _export(app, people, data)
    ok = post(
        client,
        "/verify",
        {"document": (io.BytesIO(data), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 200 and b"This is an unaltered export" in ok.data
    assert public_id.encode() in ok.data
    changed = bytes([data[0] ^ 1]) + data[1:]
    bad = post(
        client,
        "/verify",
        {"document": (io.BytesIO(changed), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and b"does not match any export" in bad.data


def test_verify_by_pasted_hash(app, client, people) -> None:
    import hashlib

    data = b"%PDF-1.7 another\n"
    _export(app, people, data)
    ok = post(client, "/verify", {"sha256": hashlib.sha256(data).hexdigest().upper()})
    assert b"This is an unaltered export" in ok.data


@pytest.mark.parametrize("value", ["", "abc", "z" * 64])
def test_verify_bad_input_is_a_clear_error(client, value) -> None:
    resp = post(client, "/verify", {"sha256": value})
    assert resp.status_code == 422
    assert b"There is a problem" in resp.data


def test_thread_runner_finishes_the_job(app, client, people) -> None:
    with app.app_context():
        from portfolio.framework.services import load_framework
        from tests.integration.exports.portfolio_fixture import ROOT

        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        db.session.commit()
    app.config["EXPORT_RUNNER"] = "thread"
    login(client, "admin@test.example")
    resp = post(client, f"/learners/{people['learner'].id}/exports")
    jobs.wait_idle()
    public_id = resp.headers["Location"].rsplit("/", 1)[-1]
    assert client.get(f"/exports/{public_id}/status").get_json()["status"] == "done"
    with app.app_context():
        row = db.session.query(PortfolioExport).one()
        assert row.status == ExportStatus.DONE and row.page_count >= 5

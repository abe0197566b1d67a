"""Backup and restore with STORAGE_BACKEND=s3: the bucket's objects are backed up,
checked, and uploaded into an empty bucket on restore."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

from portfolio.evidence.models import EvidenceVersion
from portfolio.evidence.services.s3_storage import S3Storage
from portfolio.evidence.services.storage import get_storage, object_key
from portfolio.exports import services as exports
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.conftest import make_test_app
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio
from tests.integration.scale.conftest import sealing_testimonies, wipe


@pytest.fixture
def s3_app(s3_server, tmp_path):
    """A SQLite-file app on S3 with a portfolio whose files are only in the bucket."""
    app = make_test_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'portfolio.db'}",
        **s3_server.config(),
    )
    with app.app_context():
        db.create_all()
        people = make_people(db.session)
        with sealing_testimonies():
            build_portfolio(db.session, app, people)
        store = get_storage()
        assert isinstance(store, S3Storage)
        store.push_all(frozenset({"tmp", "pdf-cache", "keys"}))
        export = exports.start_export(
            db.session, people["learner"].id, actor=people["assessor"]
        )
        db.session.commit()
        jobs.execute(export.id)
        db.session.expire_all()
        done = db.session.get(PortfolioExport, export.id)
        assert done.status == ExportStatus.DONE
        assert store._has(done.file_path)  # the finished file is in the bucket
        db.session.remove()
    shutil.rmtree(app.config["STORAGE_DIR"])  # this host's cache is gone
    return app


def test_s3_backup_wipe_restore_into_an_empty_bucket(
    s3_app, s3_server, tmp_path
) -> None:
    runner = s3_app.test_cli_runner()
    result = runner.invoke(args=["backup", "-o", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "from the S3 bucket, each checked" in result.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    with s3_app.app_context():
        shas = set(db.session.scalars(select(EvidenceVersion.file_sha256)))
    shas.discard(None)
    assert shas and all(f"files/{object_key(s)}" in manifest["files"] for s in shas)

    wipe(s3_app)
    fresh = s3_server.config()
    s3_app.config.update(S3_BUCKET=fresh["S3_BUCKET"])  # an empty bucket
    s3_app.config["STORAGE_DIR"] = str(tmp_path / "new-host")
    result = runner.invoke(args=["restore", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "to the S3 bucket" in result.output
    assert f"Stored files: {len(shas)} checked, OK" in result.output
    assert "Verification passed." in result.output
    with s3_app.app_context():
        store = get_storage()
        assert store.bucket == fresh["S3_BUCKET"]
        assert shas <= set(store.objects())


def test_s3_backup_refuses_a_tampered_bucket_object(s3_app, tmp_path) -> None:
    with s3_app.app_context():
        store = get_storage()
        sha = next(iter(store.objects()))
        store.client.put_object(Bucket=store.bucket, Key=object_key(sha), Body=b"x")
    result = s3_app.test_cli_runner().invoke(
        args=["backup", "-o", str(tmp_path / "backup")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "backup").exists()

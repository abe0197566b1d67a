"""`flask signing-key create` and `flask export-pack` from the command line."""

from __future__ import annotations

import hashlib
import json
import zipfile

from sqlalchemy import select

from portfolio.exports.models import PortfolioExport
from portfolio.extensions import db
from portfolio.pdf.signing import SigningKey, certificate_of, check_signature
from tests.integration.evidence.helpers import seed


def test_signing_key_then_export_pack(app, tmp_path) -> None:
    key = tmp_path / "keys" / "centre.p12"
    app.config.update(SIGNING_P12_PATH=str(key), SIGNING_P12_PASSWORD="s3cret")
    with app.app_context():
        seed(db.session)
        db.session.commit()
    runner = app.test_cli_runner()
    made = runner.invoke(args=["signing-key", "create"])
    assert made.exit_code == 0, made.output
    assert key.stat().st_mode & 0o077 == 0  # private to its owner
    again = runner.invoke(args=["signing-key", "create"])
    assert again.exit_code == 1 and "--force" in again.output
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["export-pack", "learner@test.example", "-o", str(out)])
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(out)
    manifest = json.loads(archive.read("manifest.json"))
    pdf = archive.read("portfolio.pdf")
    with app.app_context():
        export = db.session.scalar(select(PortfolioExport))
        assert manifest["export_id"] == export.public_id
        assert hashlib.sha256(pdf).hexdigest() == export.sha256
    assert check_signature(pdf, certificate_of(SigningKey(str(key), "s3cret"))).valid
    for entry in manifest["files"]:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_export_pack_refuses_an_unknown_learner(app) -> None:
    result = app.test_cli_runner().invoke(
        args=["export-pack", "nobody@test.example", "-o", "x.zip"]
    )
    assert result.exit_code == 1
    assert "No such learner" in result.output

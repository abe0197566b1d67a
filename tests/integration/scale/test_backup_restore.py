"""Backup, wipe, restore, verify on SQLite and PostgreSQL; tampered backups refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from portfolio.audit.models import AuditEvent
from portfolio.backup import archive, database
from portfolio.evidence.models import EvidenceVersion
from portfolio.exports import services as exports
from portfolio.exports.domain.status import ExportStatus
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio
from tests.integration.scale.conftest import sealing_testimonies, wipe


def _counts() -> dict[str, int]:
    """Row counts of the tables a restore must bring back."""
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (AuditEvent, EvidenceVersion, PortfolioExport)
    }


@pytest.fixture
def portfolio_app(file_db_app):
    """A portfolio with uploads, a signed testimony, a finished export and audit rows."""
    with file_db_app.app_context():
        people = make_people(db.session)
        with sealing_testimonies():
            build_portfolio(db.session, file_db_app, people)
        export = exports.start_export(
            db.session, people["learner"].id, actor=people["assessor"]
        )
        db.session.commit()
        jobs.execute(export.id)
        db.session.expire_all()
        assert db.session.get(PortfolioExport, export.id).status == ExportStatus.DONE
        db.session.remove()
    return file_db_app


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _storage(app) -> Path:
    return Path(app.config["STORAGE_DIR"])


def test_backup_wipe_restore_verify(portfolio_app, tmp_path) -> None:
    with portfolio_app.app_context():
        before = _counts()
    target = tmp_path / "backup"
    result = _invoke(portfolio_app, "backup", "-o", str(target))
    assert result.exit_code == 0, result.output
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["database"]["dialect"] in ("sqlite", "postgresql")
    stored = [name for name in manifest["files"] if name.startswith("files/")]
    assert any(name.startswith("files/exports/") for name in stored)
    assert not list(tmp_path.glob(".backup.partial-*"))

    wipe(portfolio_app)
    shutil.rmtree(_storage(portfolio_app))
    result = _invoke(portfolio_app, "restore", str(target))
    assert result.exit_code == 0, result.output
    assert "Stored files: 2 checked, OK" in result.output
    assert "Testimony signatures: 1 checked, OK" in result.output
    assert "Export records: 1 checked, OK" in result.output
    assert "Audit chain:" in result.output and "Verification passed." in result.output
    with portfolio_app.app_context():
        assert _counts() == before


def test_tampered_file_is_refused_and_nothing_restored(portfolio_app, tmp_path) -> None:
    target = tmp_path / "backup"
    assert _invoke(portfolio_app, "backup", "-o", str(target)).exit_code == 0
    victim = next(p for p in (target / "files").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"x")
    wipe(portfolio_app)
    result = _invoke(portfolio_app, "restore", str(target))
    assert result.exit_code == 1
    assert "Restore refused: backup does not match its manifest" in result.output
    with portfolio_app.app_context():
        assert inspect(db.engine).get_table_names() == []


def test_an_extra_file_or_missing_manifest_is_refused(portfolio_app, tmp_path) -> None:
    target = tmp_path / "backup"
    assert _invoke(portfolio_app, "backup", "-o", str(target)).exit_code == 0
    (target / "files" / "planted.pdf").write_bytes(b"%PDF-1.4")
    wipe(portfolio_app)
    result = _invoke(portfolio_app, "restore", str(target))
    assert "files/planted.pdf is not in the manifest" in result.output
    (target / "manifest.json").unlink()
    result = _invoke(portfolio_app, "restore", str(target))
    assert result.exit_code == 1 and "not a complete backup" in result.output


def test_altered_object_with_rewritten_manifest_fails_verification(
    portfolio_app, tmp_path
) -> None:
    """Someone who also rewrites the manifest still cannot slip a changed file in."""
    target = tmp_path / "backup"
    assert _invoke(portfolio_app, "backup", "-o", str(target)).exit_code == 0
    with portfolio_app.app_context():
        sha = db.session.scalars(
            select(EvidenceVersion.file_sha256).where(
                EvidenceVersion.file_sha256.is_not(None)
            )
        ).first()
    victim = target / "files" / sha[:2] / sha
    victim.write_bytes(b"not the original upload")
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"] = archive.listing(target)
    (target / "manifest.json").write_text(json.dumps(manifest))
    wipe(portfolio_app)
    shutil.rmtree(_storage(portfolio_app))
    result = _invoke(portfolio_app, "restore", str(target))
    assert result.exit_code == 1
    assert f"file {sha[:12]}… missing or altered" in result.output
    assert "Verification FAILED" in result.output


def test_restore_refuses_a_database_that_is_not_empty(portfolio_app, tmp_path) -> None:
    target = tmp_path / "backup"
    assert _invoke(portfolio_app, "backup", "-o", str(target)).exit_code == 0
    with portfolio_app.app_context():
        before = _counts()
    result = _invoke(portfolio_app, "restore", str(target))
    assert result.exit_code == 1 and "restore needs an empty database" in result.output
    with portfolio_app.app_context():
        assert _counts() == before


def test_an_interrupted_backup_leaves_nothing_that_looks_complete(
    portfolio_app, tmp_path, monkeypatch
) -> None:
    def broken_dump(engine, folder):  # noqa: ANN001, ANN202
        (folder / "database.half").write_bytes(b"partial")
        raise database.BackupError("disk full")

    monkeypatch.setattr(database, "dump", broken_dump)
    result = _invoke(portfolio_app, "backup", "-o", str(tmp_path / "backup"))
    assert result.exit_code == 1 and "disk full" in result.output
    assert not (tmp_path / "backup").exists()
    assert not list(tmp_path.glob(".backup.partial-*"))


def test_backup_refuses_a_folder_that_is_not_empty(portfolio_app, tmp_path) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("keep me")
    result = _invoke(portfolio_app, "backup", "-o", str(tmp_path / "backup"))
    assert result.exit_code == 1 and "is not an empty folder" in result.output
    assert (tmp_path / "backup" / "old.txt").read_text() == "keep me"

"""After backup, wipe and restore, the same pages render with the same content."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import inspect

from portfolio.exports import services as exports
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.conftest import login, make_test_app
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio
from tests.integration.scale.conftest import sealing_testimonies


def _pages(app, ids: dict) -> dict[str, tuple[int, bytes]]:
    """What the assessor sees on each page, signed in afresh."""
    client = app.test_client()
    assert login(client, "assessor@test.example").status_code == 302
    paths = [
        "/dashboard",
        "/assessment/caseload",
        "/assessment/queue",
        f"/assessment/learners/{ids['learner']}/coverage",
        f"/evidence/{ids['upload']}",
        f"/evidence/{ids['upload']}/versions/1/file",
        f"/exports/{ids['export']}/download",
    ]
    return {path: (r.status_code, r.data) for path in paths if (r := client.get(path))}


def test_pages_render_the_same_after_restore(tmp_path) -> None:
    app = make_test_app(
        tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}"
    )
    with app.app_context():
        db.create_all()
        people = make_people(db.session)
        with sealing_testimonies():
            made = build_portfolio(db.session, app, people)
        export = exports.start_export(
            db.session, people["learner"].id, actor=people["assessor"]
        )
        db.session.commit()
        ids = {
            "learner": people["learner"].id,
            "upload": made["upload"].id,
            "export": export.public_id,
        }
        jobs.execute(export.id)
    before = _pages(app, ids)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "-o", str(tmp_path / "bk")]).exit_code == 0
    with app.app_context():
        db.session.remove()
        db.drop_all()
        assert inspect(db.engine).get_table_names() == []
    shutil.rmtree(Path(app.config["STORAGE_DIR"]))
    result = runner.invoke(args=["restore", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output
    after = _pages(app, ids)
    for path, (status, body) in before.items():
        assert status == after[path][0] == 200, path
        if path.endswith(("/file", "/download")):
            assert after[path][1] == body, path
    coverage = after[f"/assessment/learners/{ids['learner']}/coverage"][1].decode()
    assert "Supplier delivery note" in after[f"/evidence/{ids['upload']}"][1].decode()
    assert "MP1" in coverage

"""The busiest pages issue the same number of queries however much data there is."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, select, text

from portfolio.devdata.loadgen.command import loadgen_command
from portfolio.devdata.loadgen.spec import DOMAIN, PASSWORD
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from portfolio.simulator.services.content import load_content
from tests.conftest import make_test_app

ROOT = Path(__file__).resolve().parents[3]
SIZES = {
    "small": ["--learners", "20", "--cohorts", "2", "--assessors", "2", "--runs", "40",
              "--actions", "300", "--evidence", "120", "--testimonies", "20"],
    "large": ["--learners", "80", "--cohorts", "2", "--assessors", "2", "--runs", "160",
              "--actions", "1200", "--evidence", "960", "--testimonies", "80"],
}  # fmt: skip


def _loaded_app(tmp_path: Path, size: str):  # noqa: ANN202
    """An app on a SQLite file with the seeds and loadgen data of ``size``."""
    app = make_test_app(
        tmp_path / size,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / size}.db",
        WTF_CSRF_ENABLED=False,
    )
    with app.app_context():
        db.create_all()
        load_framework(db.session, ROOT / "seeds" / "framework.yaml")
        load_content(db.session, ROOT / "seeds")
        db.session.commit()
        result = app.test_cli_runner().invoke(loadgen_command, SIZES[size])
        assert result.exit_code == 0, result.output
    return app


def _paths(app) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """Each measured page as (email, path)."""
    with app.app_context():
        learner, run = db.session.execute(
            select(text("u.id"), text("min(r.id)"))
            .select_from(
                text("user_account u JOIN simulation_run r ON r.learner_id = u.id")
            )
            .where(text(f"u.email = 'learner01@{DOMAIN}'"))
            .group_by(text("u.id"))
        ).one()
    assessor, learner_email = f"assessor1@{DOMAIN}", f"learner01@{DOMAIN}"
    return {
        "caseload": (assessor, "/assessment/caseload"),
        "queue": (assessor, "/assessment/queue"),
        "coverage": (assessor, f"/assessment/learners/{learner}/coverage"),
        "assessor dashboard": (assessor, "/dashboard"),
        "learner dashboard": (learner_email, "/dashboard"),
        "workspace": (learner_email, f"/simulator/runs/{run}"),
    }


def _query_counts(app) -> dict[str, int]:  # noqa: ANN001
    """Statements each page sends, the second time it is loaded."""
    counts: dict[str, int] = {}
    seen: list[int] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(1))
    for name, (email, path) in _paths(app).items():
        client = app.test_client()
        client.post("/auth/login", data={"email": email, "password": PASSWORD})
        assert client.get(path).status_code == 200, path
        seen.clear()
        client.get(path)
        counts[name] = len(seen)
    return counts


def test_query_counts_do_not_grow_with_the_data(tmp_path) -> None:
    small = _query_counts(_loaded_app(tmp_path, "small"))
    large = _query_counts(_loaded_app(tmp_path, "large"))
    assert large == small

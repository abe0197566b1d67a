"""`flask loadgen`: exact counts, a valid audit chain, replayable runs, determinism."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from portfolio.audit.services import verify_chain
from portfolio.auth.models import User
from portfolio.devdata.loadgen.command import loadgen_command
from portfolio.evidence.models import EvidenceClaim, EvidenceItem, Testimony
from portfolio.evidence.services.testimonies import is_tampered
from portfolio.extensions import db
from portfolio.framework.services import load_framework
from portfolio.simulator import domain as engine
from portfolio.simulator.models import RunAction, SimulationRun
from portfolio.simulator.services.content import load_content
from portfolio.simulator.services.stored import load_run
from tests.conftest import make_test_app

ROOT = Path(__file__).resolve().parents[3]
SMALL = ["--learners", "30", "--cohorts", "3", "--assessors", "4", "--iqas", "2"]
SMALL += ["--runs", "60", "--actions", "600", "--evidence", "240"]
SMALL += ["--testimonies", "40"]


def _seed() -> None:
    load_framework(db.session, ROOT / "seeds" / "framework.yaml")
    load_content(db.session, ROOT / "seeds")
    db.session.commit()


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def test_loadgen_writes_exact_counts_and_a_valid_chain(db_app) -> None:
    with db_app.app_context():
        _seed()
        result = db_app.test_cli_runner().invoke(loadgen_command, SMALL)
        assert result.exit_code == 0, result.output
        assert "30 learners, 60 runs, 600 actions, 240 evidence items" in result.output
        assert _count(RunAction) == 600 and _count(SimulationRun) == 60
        assert _count(EvidenceItem) == 240 and _count(Testimony) == 40
        assert _count(EvidenceClaim) >= 240
        assert verify_chain(db.session) is None
        signed = db.session.scalars(
            select(Testimony).where(Testimony.content_sha256.is_not(None))
        ).all()
        assert signed and not any(is_tampered(t) for t in signed)


def test_generated_runs_replay_through_the_engine(db_app) -> None:
    """A stored run's state matches replaying its logged actions from the scenario."""
    with db_app.app_context():
        _seed()
        assert db_app.test_cli_runner().invoke(loadgen_command, SMALL).exit_code == 0
        for run in db.session.scalars(select(SimulationRun).limit(8)):
            loaded = load_run(db.session, run)
            state = engine.new_run(loaded.company, loaded.scenario)
            for entry in loaded.state.log:
                action = engine.Action(entry.kind, dict(entry.params))
                state = engine.apply_action(
                    loaded.company, loaded.scenario, state, action
                ).state
            assert str(engine.order_state(state)) == run.order_state
            assert len(loaded.state.log) == run.action_count
            assert engine.is_finished(state) == (run.status == "finished")


def _fingerprint(tmp_path, name: str) -> tuple[list, list]:
    """People and testimony hashes loadgen writes into a fresh SQLite database."""
    app = make_test_app(tmp_path / name)
    with app.app_context():
        db.create_all()
        _seed()
        assert app.test_cli_runner().invoke(loadgen_command, SMALL).exit_code == 0
        people = db.session.execute(
            select(User.email, User.display_name).order_by(User.email)
        ).all()
        hashes = db.session.scalars(
            select(Testimony.content_sha256).order_by(Testimony.id)
        ).all()
        again = app.test_cli_runner().invoke(loadgen_command, SMALL)
        assert again.exit_code == 1 and "already in this database" in again.output
    return [tuple(p) for p in people], list(hashes)


def test_loadgen_is_deterministic_and_refuses_a_second_run(tmp_path) -> None:
    first = _fingerprint(tmp_path, "a")
    assert first == _fingerprint(tmp_path, "b")
    assert len(first[0]) == 1 + 4 + 2 + 3 + 30

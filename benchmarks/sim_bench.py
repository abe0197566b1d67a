"""Simulator benchmark: generation, one action through the service layer, scoring.

Each figure is a median over repeated runs and is printed beside a trivial ``/healthz``
request through the Flask test client, measured in the same run, as a ratio. Run with
``.venv/bin/python -m benchmarks.sim_bench`` (or ``make bench`` for every benchmark).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from portfolio import create_app
from portfolio.config import TestConfig
from portfolio.extensions import db
from portfolio.simulator import domain as engine
from portfolio.simulator import services
from portfolio.simulator.services.content import load_content as load_extra_seeds

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` over ``repeat`` calls (after one warm-up)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _long_state(company, scenario, actions: int):  # type: ignore[no-untyped-def]
    """A run state with ``actions`` log entries (a perfect run padded by look-ups)."""
    state = engine.new_run(company, scenario)
    script = engine.perfect_actions(company, scenario)
    padding = [
        engine.Action("search_crm", {"query": f"q{i}"})
        for i in range(max(0, actions - len(script)))
    ]
    for action in (
        padding[: len(padding) // 2] + list(script) + padding[len(padding) // 2 :]
    ):
        state = engine.apply_action(company, scenario, state, action).state
    return state


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Measure and print the figures; return them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="simbench-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "STORAGE_DIR": str(folder),
        },
        config=TestConfig,
    )
    client = app.test_client()
    with app.app_context():
        db.create_all()
        load_extra_seeds(db.session, ROOT / "seeds")
        from tests.factories import make_user

        learner = make_user(db.session, "bench@example.com")
        db.session.commit()
        company = services.get_company(db.session)
        spec = engine.ScenarioSpec("urgent", "hard", 1234)
        scenario = engine.generate_scenario(company, spec)
        long_state = _long_state(company, scenario, 200)
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="medium",
            seed=99,
        )
        db.session.commit()

        def one_action() -> None:
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind="search_crm",
                params={"query": "ltd"},
            )
            db.session.commit()

        figures = {
            "healthz_request": median_seconds(
                lambda: client.get("/healthz"), args.repeat
            ),
            "generate_scenario": median_seconds(
                lambda: engine.generate_scenario(company, spec), args.repeat
            ),
            "one_action_service_layer": median_seconds(one_action, args.repeat),
            "score_200_action_log": median_seconds(
                lambda: engine.score_run(company, scenario, long_state), args.repeat
            ),
        }
        figures["log_length_scored"] = len(long_state.log)
    base = figures["healthz_request"]
    print(f"{'measure':<28}{'median ms':>12}{'x /healthz':>12}")
    for name, value in figures.items():
        if name == "log_length_scored":
            continue
        print(f"{name:<28}{value * 1000:>12.3f}{value / base:>12.2f}")
    print(
        f"(scored log length: {figures['log_length_scored']} actions; "
        f"{args.repeat} repeats each; SQLite file database)"
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "sim_bench.json").write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()

"""Simulator benchmark: generation, one action (service layer and API), scoring.

Each figure is a median over repeated runs and is printed beside a trivial ``/healthz``
request through the Flask test client, measured in the same run, as a ratio. Run with
``.venv/bin/python -m benchmarks.sim_bench`` (or ``make bench`` for every benchmark).

Budgets (issue 11): one action through the API within 1.5x of the pre-change ratio
to ``/healthz`` (give the pre-change figures with ``--baseline results.json``), and
scoring a 500-action log under 5 ms. ``--check`` exits non-zero when one is missed.
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


def interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times of two callables timed turn about (after a warm-up)."""
    first()
    second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for fn, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


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
    parser.add_argument("--baseline", type=Path, help="figures of a pre-change run")
    parser.add_argument("--check", action="store_true", help="fail a missed budget")
    parser.add_argument("--out", type=Path, help="where to write the figures")
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
        from portfolio.auth.services.tokens import create_token

        _, token = create_token(db.session, learner, "bench")
        db.session.commit()
        bearer = {"Authorization": f"Bearer {token}"}
        company = services.get_company(db.session)
        spec = engine.ScenarioSpec("urgent", "hard", 1234)
        scenario = engine.generate_scenario(company, spec)
        long_state = _long_state(company, scenario, 200)
        longer_state = _long_state(company, scenario, 500)
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

        run_id = run.id

        def api_action() -> None:
            resp = client.post(
                f"/api/v1/runs/{run_id}/actions",
                headers=bearer,
                json={"kind": "search_crm", "params": {"query": "ltd"}},
            )
            assert resp.status_code == 201, resp.status_code

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
            "score_500_action_log": median_seconds(
                lambda: engine.score_run(company, scenario, longer_state), args.repeat
            ),
        }
        figures["log_length_scored"] = len(longer_state.log)
    # Outside the set-up's app context, as a real request is (each makes its own),
    # alternating with /healthz so that both see the same load on a shared machine.
    api, health = interleaved(api_action, lambda: client.get("/healthz"), args.repeat)
    figures["one_action_api"] = api
    figures["healthz_beside_api"] = health
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
    out = args.out or ROOT / "benchmarks" / "results" / "sim_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    missed = budgets(figures, args.baseline)
    for line in missed:
        print("MISSED:", line)
    if args.check and missed:
        raise SystemExit(1)
    return figures


def budgets(figures: dict[str, float], baseline: Path | None) -> list[str]:
    """The budgets a run misses (API ratio against a baseline; scoring time)."""
    missed = []
    ratio = figures["one_action_api"] / figures["healthz_beside_api"]
    if baseline is not None and baseline.exists():
        before = json.loads(baseline.read_text())
        was = before["one_action_api"] / before["healthz_beside_api"]
        print(
            f"API action: {ratio:.2f}x /healthz now, {was:.2f}x before "
            f"({ratio / was:.2f} of the pre-change ratio; budget 1.50)"
        )
        if ratio > 1.5 * was:
            missed.append(f"API action {ratio:.2f}x /healthz > 1.5 x {was:.2f}x")
    if figures["score_500_action_log"] > 0.005:
        ms = figures["score_500_action_log"] * 1000
        missed.append(f"scoring a 500-action log took {ms:.2f} ms (budget 5 ms)")
    return missed


if __name__ == "__main__":
    main()

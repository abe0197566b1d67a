"""Pages under load: gunicorn on PostgreSQL with the loadgen data, Redis, wrk.

``python -m benchmarks.load_bench [--workers 4] [--seconds 5] [--scaling 1,2,4]
[--loadgen '--learners 250 ...']`` (``make load-bench`` unpacks wrk first)
creates a throwaway database, loads the seeds and ``flask loadgen``'s default volume,
signs in as each role and measures p50, p95 and req/s of each page at 20 connections,
each as a ratio to ``/healthz`` measured in the same run, then throughput per worker
count. Each page is measured as people meet it (served from the page cache while
nothing it shows has changed) and again rendered every time (``Cache-Control:
no-cache``), which is its cost right after a change. Results go to
``benchmarks/results/load_bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import tempfile
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from benchmarks import serve
from portfolio.devdata.loadgen.spec import DOMAIN, PASSWORD

RESULTS = Path(__file__).resolve().parent / "results" / "load_bench.json"
SERVER = os.environ.get(
    "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "sop_load_bench"


def _database(keep: bool) -> str:
    """A fresh benchmark database (or the kept one), its URL."""
    admin = create_engine(make_url(SERVER), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DB_NAME}
        ).scalar()
        if exists and not keep:
            conn.execute(text(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)'))
        if not exists or not keep:
            conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return make_url(SERVER).set(database=DB_NAME).render_as_string(hide_password=False)


def _prepare(env: dict[str, str], fresh: bool, loadgen: list[str]) -> float | None:
    """Migrate, seed and load the volume data; the loadgen time in seconds."""
    serve.flask(env, "db", "upgrade")
    if not fresh:
        return None
    serve.flask(env, "seed")
    started = time.perf_counter()
    print(serve.flask(env, "loadgen", *loadgen), end="")
    return time.perf_counter() - started


def _first(url: str, prefix: str) -> str:
    """The first generated ``prefix`` person's email.

    The digits depend on how many loadgen made: learner0001@ of 1,000, learner001@
    of 250.
    """
    engine = create_engine(url)
    with engine.connect() as conn:
        email = conn.execute(
            text("SELECT min(email) FROM user_account WHERE email LIKE :p"),
            {"p": f"{prefix}%@{DOMAIN}"},
        ).scalar_one()
    engine.dispose()
    return str(email)


def _ids(url: str, email: str) -> dict[str, int]:
    """The learner, runs and items the pages are measured on."""
    engine = create_engine(url)
    with engine.connect() as conn:
        learner = conn.execute(
            text("SELECT id FROM user_account WHERE email = :e"), {"e": email}
        ).scalar_one()
        run = conn.execute(
            text("SELECT id FROM simulation_run WHERE learner_id = :l "
                 "AND status = 'active' ORDER BY id LIMIT 1"),
            {"l": learner},
        ).scalar_one()  # fmt: skip
    engine.dispose()
    return {"learner": learner, "run": run}


def _action_file(base: str, url: str, folder: Path, count: int) -> Path:
    """Cookie, path and body of a CRM search in each of ``count`` learners' runs."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT u.email, min(r.id) FROM user_account u JOIN simulation_run r "
                "ON r.learner_id = u.id AND r.status = 'active' "
                "WHERE u.email LIKE 'learner%' GROUP BY u.email ORDER BY u.email "
                "LIMIT :n"
            ),
            {"n": count},
        ).all()
    engine.dispose()
    lines = []
    for email, run_id in rows:
        browser = serve.Browser(base, email, PASSWORD)
        token = browser.csrf(f"/simulator/runs/{run_id}")
        body = urllib.parse.urlencode({"csrf_token": token, "search_crm-query": "Ltd"})
        lines.append(
            f"{browser.cookie}\t/simulator/runs/{run_id}/act/search_crm\t{body}"
        )
    path = folder / "actions.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _pages(ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(label, role, path) of every page measured."""
    return [
        ("caseload", "assessor", "/assessment/caseload"),
        ("evidence queue", "assessor", "/assessment/queue"),
        (
            "learner coverage",
            "assessor",
            f"/assessment/learners/{ids['learner']}/coverage",
        ),
        ("assessor dashboard", "assessor", "/dashboard"),
        ("learner dashboard", "learner", "/dashboard"),
        ("simulator workspace", "learner", f"/simulator/runs/{ids['run']}"),
        ("IQA dashboard", "iqa", "/dashboard"),
        ("admin dashboard", "admin", "/dashboard"),
    ]


def _measure(base: str, url: str, args: argparse.Namespace) -> list[dict]:
    """Every page and the action, after /healthz anonymous and signed in."""
    learner = _first(url, "learner")
    people = {
        "assessor": _first(url, "assessor"),
        "learner": learner,
        "iqa": _first(url, "iqa"),
        "admin": f"admin1@{DOMAIN}",
    }
    browsers = {
        role: serve.Browser(base, email, PASSWORD) for role, email in people.items()
    }
    ids = _ids(url, learner)
    run = {"seconds": args.seconds, "connections": args.connections}
    rows = [{"page": "/healthz", "role": "anonymous",
             **serve.wrk(base + "/healthz", cookie=None, **run)}]  # fmt: skip
    signed_in = serve.wrk(base + "/healthz", cookie=browsers["learner"].cookie, **run)
    rows.append({"page": "/healthz", "role": "learner", **signed_in})
    for label, role, path in _pages(ids):
        status, _ = browsers[role].get(path)
        assert status == 200, f"{path} answered {status}"
        measured = serve.wrk(base + path, cookie=browsers[role].cookie, **run)
        rows.append({"page": label, "role": role, **measured})
    # The same pages rendered every time (what a page costs after a change it shows).
    for label, role, path in _pages(ids):
        measured = serve.wrk(base + path, cookie=browsers[role].cookie,
                             headers={"Cache-Control": "no-cache"}, **run)  # fmt: skip
        rows.append({"page": f"{label} (rendered)", "role": role, **measured})
    with tempfile.TemporaryDirectory() as tmp:
        actions = _action_file(base, url, Path(tmp), 200)
        # Warm up as the pages are (each worker reads a run's whole log the first
        # time it serves it, then only what was added since).
        serve.wrk(base + "/", cookie=None, post_file=actions, seconds=3,
                  connections=args.connections)  # fmt: skip
        posted = serve.wrk(base + "/", cookie=None, post_file=actions, **run)
        rows.append({"page": "simulator action (POST)", "role": "learner", **posted})
    base_p95 = rows[0]["p95_ms"]
    for row in rows:
        row["ratio_p95"] = row["p95_ms"] / base_p95 if base_p95 else 0.0
    return rows


def _scaling(
    env: dict[str, str], url: str, counts: list[int], args: argparse.Namespace
) -> list[dict]:
    """Throughput of /healthz and the learner dashboard per worker count."""
    out = []
    for workers in counts:
        server = serve.Gunicorn(env, workers)
        try:
            learner = serve.Browser(server.base, _first(url, "learner"), PASSWORD)
            run = {"seconds": args.seconds, "connections": args.connections}
            health = serve.wrk(server.base + "/healthz", cookie=None, **run)
            page = serve.wrk(server.base + "/dashboard", cookie=learner.cookie, **run)
            out.append({"workers": workers, "healthz_rps": health["rps"],
                        "dashboard_rps": page["rps"],
                        "dashboard_p95_ms": page["p95_ms"],
                        "errors": health["errors"] + page["errors"]})  # fmt: skip
        finally:
            server.stop()
    return out


def _table(rows: list[dict], scaling: list[dict]) -> str:
    """The results as Markdown."""
    lines = ["| page | role | p50 ms | p95 ms | req/s | p95 / healthz | errors |",
             "|---|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    lines += [
        f"| {r['page']} | {r['role']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
        f"{r['rps']:.0f} | {r['ratio_p95']:.1f}x | {r['errors']} |"
        for r in rows
    ]
    lines += ["", "| workers | /healthz req/s | learner dashboard req/s | p95 ms |",
              "|---:|---:|---:|---:|"]  # fmt: skip
    lines += [
        f"| {s['workers']} | {s['healthz_rps']:.0f} | {s['dashboard_rps']:.0f} | "
        f"{s['dashboard_p95_ms']:.1f} |"
        for s in scaling
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Set up, measure, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--scaling", default="1,2,4")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument(
        "--loadgen",
        default="",
        metavar="ARGS",
        help="options for flask loadgen, e.g. '--learners 250 --assessors 7' "
        "(default: its full volume)",
    )
    args = parser.parse_args(argv)
    why = serve.available()
    if why:
        print(f"load_bench skipped: {why}")
        return 0
    url = _database(args.keep)
    storage = Path(tempfile.mkdtemp(prefix="load-bench-storage-"))
    env = serve.bench_env(url, storage)
    loadgen_seconds = _prepare(env, not args.keep, shlex.split(args.loadgen))
    server = serve.Gunicorn(env, args.workers)
    try:
        rows = _measure(server.base, url, args)
    finally:
        server.stop()
    scaling = _scaling(env, url, [int(n) for n in args.scaling.split(",") if n], args)
    print(_table(rows, scaling))
    RESULTS.parent.mkdir(exist_ok=True)
    summary = {"loadgen_seconds": loadgen_seconds, "workers": args.workers}
    summary.update(pages=rows, scaling=scaling)
    RESULTS.write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

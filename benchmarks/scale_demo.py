"""`make scale-demo`: PostgreSQL, gunicorn with 2 workers, an RQ worker and Redis.

Creates a throwaway database, loads the seeds and the demo portfolio, starts
``gunicorn -w 2 wsgi:app`` and ``python worker.py``, exports the demo learner's
portfolio through the web as the assessor, waits for the RQ job, downloads the PDF
and checks it against the SHA-256 the export record holds. Exit 0 only if all of it
worked.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from benchmarks import serve
from benchmarks.load_bench import SERVER

DB_NAME = "sop_scale_demo"


def _fresh_database() -> str:
    """Drop and create the demo database; its URL."""
    admin = create_engine(make_url(SERVER), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return make_url(SERVER).set(database=DB_NAME).render_as_string(hide_password=False)


def _export(base: str, url: str) -> tuple[str, bytes]:
    """Start an export as the assessor, wait for the worker; (public id, PDF bytes)."""
    from portfolio.devdata.demo import DEMO_PASSWORD

    engine = create_engine(url)
    with engine.connect() as conn:
        learner = conn.execute(
            text("SELECT id FROM user_account WHERE email = 'learner@example.com'")
        ).scalar_one()
    engine.dispose()
    assessor = serve.Browser(base, "assessor@example.com", DEMO_PASSWORD)
    final, _ = assessor.post(f"/learners/{learner}/exports", {})
    public_id = final.rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = json.loads(assessor.get(f"/exports/{public_id}/status")[1])
        if state["status"] in ("done", "failed"):
            break
        time.sleep(1)
    if state["status"] != "done":
        raise SystemExit(f"export {public_id} ended {state['status']}")
    return public_id, assessor.raw(f"/exports/{public_id}/download")


def _recorded_sha(url: str, public_id: str) -> str:
    """The SHA-256 the export record holds."""
    engine = create_engine(url)
    with engine.connect() as conn:
        sha = conn.execute(
            text("SELECT sha256 FROM portfolio_export WHERE public_id = :p"),
            {"p": public_id},
        ).scalar_one()
    engine.dispose()
    return str(sha)


def main(argv: list[str] | None = None) -> int:
    """Run the whole deployment, check the download, stop everything."""
    url = _fresh_database()
    env = serve.bench_env(url, Path(tempfile.mkdtemp(prefix="scale-demo-storage-")))
    env["EXPORT_RUNNER"] = "rq"
    env["PDF_WORKERS"] = "0"
    for command in (("db", "upgrade"), ("seed",), ("demo",)):
        serve.flask(env, *command)
    worker = subprocess.Popen([sys.executable, "worker.py"], env=env, cwd=serve.ROOT)
    server = serve.Gunicorn(env, workers=2)
    try:
        public_id, pdf = _export(server.base, url)
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=30)
    digest = hashlib.sha256(pdf).hexdigest()
    ok = pdf.startswith(b"%PDF-") and digest == _recorded_sha(url, public_id)
    print(f"Export {public_id}: {len(pdf)} bytes, SHA-256 {digest[:16]}… "
          f"{'matches the export record' if ok else 'DOES NOT MATCH'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

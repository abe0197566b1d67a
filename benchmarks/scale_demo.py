"""`make scale-demo`: PostgreSQL, gunicorn with 2 workers, an RQ worker, Redis, S3.

Creates a throwaway database, loads the seeds and the demo portfolio, starts
Ceph's RADOS Gateway (``ops/s3/rgw.sh``; or uses S3_ENDPOINT_URL), then
``gunicorn -w 2 wsgi:app`` and ``python worker.py`` with ``STORAGE_BACKEND=s3``
and a storage folder each (two "hosts" that share only the bucket). The learner
uploads a PDF through the web; the assessor exports the portfolio, the RQ job
renders it (fetching the upload from the bucket), and the web downloads it (from
the bucket) and checks it against the SHA-256 the export record holds. Exit 0
only if all of it worked.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
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


def _s3(env: dict[str, str]) -> subprocess.Popen[bytes] | Path | None:
    """Point ``env`` at an S3 server: S3_ENDPOINT_URL's, or a RADOS Gateway we start."""
    env["STORAGE_BACKEND"] = "s3"
    env["S3_BUCKET"] = f"scale-demo-{uuid.uuid4().hex[:8]}"
    if os.environ.get("S3_ENDPOINT_URL"):
        return None
    folder = Path(tempfile.mkdtemp(prefix="scale-demo-rgw-"))
    started = subprocess.run(
        [str(serve.ROOT / "ops" / "s3" / "rgw.sh"), "start", str(folder)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    if started.returncode != 0:
        raise SystemExit(f"radosgw did not start:\n{started.stderr[-2000:]}")
    for line in started.stdout.splitlines():
        name, _, value = line.partition("=")
        if name.startswith("S3_"):
            env[name] = value
    print(f"RADOS Gateway on {env['S3_ENDPOINT_URL']}, bucket {env['S3_BUCKET']}")
    return folder


def _upload(base: str) -> None:
    """The learner uploads a one-page PDF through the evidence form."""
    from portfolio.devdata.demo import DEMO_PASSWORD

    learner = serve.Browser(base, "learner@example.com", DEMO_PASSWORD)
    boundary = uuid.uuid4().hex
    fields = {
        "csrf_token": learner.csrf("/evidence/new/upload"),
        "title": "Delivery note (scale demo)",
        "evidence_date": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400)),
        "context": "workplace",
        "order_type": "standard",
        "description": "Uploaded through the web during make scale-demo.",
    }
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f"--{boundary}\r\nContent-Disposition: form-data; "
                   f'name="{name}"\r\n\r\n{value}\r\n'.encode())  # fmt: skip
    body.write(
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
        'filename="delivery.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
    )
    body.write(_one_page_pdf() + f"\r\n--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        base + "/evidence/new/upload", data=body.getvalue(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    with learner.opener.open(request) as resp:
        if "/evidence/new" in resp.geturl():
            raise SystemExit("the upload was refused")


def _one_page_pdf() -> bytes:
    """A small valid PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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


def _fetched_objects(folder: str) -> int:
    """Objects a host's cache holds (the worker got them from the bucket)."""
    return sum(1 for p in Path(folder).glob("??/*") if len(p.name) == 64)


def main(argv: list[str] | None = None) -> int:
    """Run the whole deployment, check the download, stop everything."""
    url = _fresh_database()
    env = serve.bench_env(url, Path(tempfile.mkdtemp(prefix="scale-demo-web-")))
    env["EXPORT_RUNNER"] = "rq"
    env["PDF_WORKERS"] = "0"
    env["MALWARE_SCANNER"] = env.get("MALWARE_SCANNER", "off")
    rgw = _s3(env)
    worker_env = {**env, "STORAGE_DIR": tempfile.mkdtemp(prefix="scale-demo-worker-")}
    worker = server = None
    try:
        for command in (("db", "upgrade"), ("seed",), ("demo",)):
            serve.flask(env, *command)
        worker = subprocess.Popen(
            [sys.executable, "worker.py"], env=worker_env, cwd=serve.ROOT
        )
        server = serve.Gunicorn(env, workers=2)
        _upload(server.base)
        public_id, pdf = _export(server.base, url)
    finally:
        if server is not None:
            server.stop()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        if isinstance(rgw, Path):
            subprocess.run([str(serve.ROOT / "ops/s3/rgw.sh"), "stop", str(rgw)])
    digest = hashlib.sha256(pdf).hexdigest()
    ok = pdf.startswith(b"%PDF-") and digest == _recorded_sha(url, public_id)
    fetched = _fetched_objects(worker_env["STORAGE_DIR"])
    print(f"The RQ worker fetched {fetched} uploaded object(s) from the bucket.")
    ok = ok and fetched >= 1
    print(f"Export {public_id}: {len(pdf)} bytes, SHA-256 {digest[:16]}… "
          f"{'matches the export record' if ok else 'DOES NOT MATCH'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""kill -9 of a gunicorn worker in the middle of an upload: no partial file, no row."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio.cli.reconcile import run_reconciliation
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.evidence.services.storage import LocalStorage
from portfolio.extensions import db
from tests.conftest import make_test_app
from tests.integration.evidence.helpers import YESTERDAY, pdf_bytes, seed

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PORT = 0  # set per test to a free port


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path):
    """A SQLite-file app, seeded, and a function that serves it with a fault."""
    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    storage = tmp_path / "storage"
    app = make_test_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        seed(db.session)
        db.session.commit()
    (ROOT / "instance").mkdir(exist_ok=True)  # the audit anchor file lives there
    procs = []
    log = (tmp_path / "gunicorn.log").open("wb")

    def serve(fault: str) -> subprocess.Popen:
        global PORT  # noqa: PLW0603 - the helpers below talk to this server
        PORT = _free_port()
        env = {
            **os.environ,
            "PORTFOLIO_ENV": "development",
            "DATABASE_URL": url,
            "STORAGE_DIR": str(storage),
            "SECRET_KEY": "fault-test",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "MALWARE_SCANNER": "off",
            "FAULT_AT": fault,
            "FAULT_MARK": str(tmp_path / "frozen"),
        }
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{PORT}",
             "-c", str(Path(__file__).with_name("gunicorn_faults.py")), "wsgi:app"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=log,
        )  # fmt: skip
        procs.append(proc)
        _wait_for(lambda: _get("/healthz")[0] == 200)
        return proc

    yield app, storage, serve, tmp_path / "frozen"
    for proc in procs:
        proc.terminate()  # the master stops its workers
        proc.wait(30)
    log.close()


def _wait_for(check, timeout: float = 30) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


def _get(path: str, cookie: str = "") -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        body = resp.read().decode(errors="replace")
    finally:
        conn.close()
    return resp.status, body, dict(resp.getheaders())


def _sign_in() -> str:
    import re
    import urllib.parse

    status, page, headers = _get("/auth/login")
    cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"email": "learner@test.example", "password": "correct horse battery",
         "csrf_token": token}
    )  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.request("POST", "/auth/login", body, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    resp = conn.getresponse()
    assert resp.status == 302, resp.read()
    resp.read()
    conn.close()
    return resp.getheader("Set-Cookie").split(";")[0]


def _start_upload(cookie: str) -> http.client.HTTPConnection:
    """Send the whole upload and leave the response unread (the worker will die)."""
    import re

    _, page, headers = _get("/evidence/new/upload", cookie)
    if "Set-Cookie" in headers:  # the session (and its CSRF secret) was rewritten
        cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    boundary = uuid.uuid4().hex
    fields = {
        "title": "Order form", "evidence_date": YESTERDAY.isoformat(),
        "context": "workplace", "order_type": "standard",
        "description": "What it shows", "csrf_token": token,
    }  # fmt: skip
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        .encode() for k, v in fields.items()
    ]  # fmt: skip
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="order.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + pdf_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("POST", "/evidence/new/upload", b"".join(parts), {
        "Cookie": cookie,
        "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
    return conn


def _rows(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(EvidenceItem)),
            db.session.scalar(select(func.count()).select_from(EvidenceVersion)),
        )


@pytest.mark.parametrize("fault", ["rename", "stored"])
def test_kill_9_during_an_upload_leaves_no_partial_file_and_no_row(
    served, fault
) -> None:
    app, storage, serve, frozen = served
    serve(fault)
    cookie = _sign_in()
    conn = _start_upload(cookie)
    _wait_for(frozen.exists)
    os.kill(int(frozen.read_text()), signal.SIGKILL)
    with pytest.raises((http.client.HTTPException, OSError)):
        conn.getresponse().read()
    conn.close()
    assert _rows(app) == (0, 0)  # nothing was committed
    store = LocalStorage(storage)
    visible = store.objects()
    if fault == "rename":
        assert visible == {}  # the bytes sit in tmp/ under a temp name only
        assert len(list((storage / "tmp").iterdir())) == 1
    else:
        assert len(visible) == 1  # stored, but no row names it: an orphan
    # Start-up reconciliation (grace 0 for the test) cleans up after the dead worker.
    app.config["RECONCILE_GRACE_SECONDS"] = 0
    lines = run_reconciliation(app)
    assert store.objects() == {}
    assert list((storage / "tmp").iterdir()) == []
    if fault == "stored":
        assert "Orphan stored files quarantined: 1" in lines
        assert len(list((storage / "quarantine").iterdir())) == 1
    else:
        assert "Temporary files removed: 1" in lines
    # gunicorn replaced the dead worker; the new one serves.
    _wait_for(lambda: _get("/healthz")[0] == 200)

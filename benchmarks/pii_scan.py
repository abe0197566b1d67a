"""Personal-data scan on adversarial uploads (issue 16 #1), with /healthz alongside.

Runs a 20 MB text file through the upload checks and the scan, while a thread polls
``/healthz``; prints the scan time and the slowest health check. Run with
``.venv/bin/python -m benchmarks.pii_scan``.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from portfolio import create_app
from portfolio.config import TestConfig
from portfolio.evidence.domain.personal_data import find_personal_data
from portfolio.evidence.services.uploads import check_upload

SIZE = 20 * 1024 * 1024
CASES = {"letters": b"a", "ats": b"a@", "dots": b"a.b@c", "digits": b"0"}


def main(argv: list[str] | None = None) -> int:
    """Print the scan time per adversarial input and the slowest /healthz."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"STORAGE_DIR": str(Path(folder))}, config=TestConfig)
        client, slowest, done = app.test_client(), [0.0], threading.Event()

        def poll() -> None:
            while not done.is_set():
                start = time.perf_counter()
                client.get("/healthz")
                slowest[0] = max(slowest[0], time.perf_counter() - start)

        poller = threading.Thread(target=poll)
        poller.start()
        for name, unit in CASES.items():
            data = (unit * (SIZE // len(unit) + 1))[:SIZE]
            start = time.perf_counter()
            checked = check_upload(data, "notes.txt", max_bytes=SIZE)
            find_personal_data(checked.text)
            took = time.perf_counter() - start
            print(f"{name:8} 20 MB checked and scanned in {took:.3f} s")
        done.set()
        poller.join()
    print(f"slowest /healthz meanwhile: {slowest[0] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

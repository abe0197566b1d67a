"""A real S3-compatible server for the tests: Ceph's RADOS Gateway on 127.0.0.1.

``.ci/run`` starts it with ``ops/s3/rgw.sh`` and exports TEST_S3_ENDPOINT_URL;
otherwise the first test that needs it starts one (about 12 s) and stops it at
the end. REQUIRE_S3=1 turns a missing server into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "ops" / "s3" / "rgw.sh"
REQUIRE_S3 = os.environ.get("REQUIRE_S3") == "1"


@dataclass(frozen=True)
class S3Server:
    """Where the server listens and how to sign in to it."""

    endpoint: str
    access_key: str
    secret_key: str

    def config(self, bucket: str | None = None) -> dict[str, str]:
        """App settings for STORAGE_BACKEND=s3 on a fresh bucket."""
        return {
            "STORAGE_BACKEND": "s3",
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY": self.access_key,
            "S3_SECRET_KEY": self.secret_key,
            "S3_BUCKET": bucket or f"portfolio-test-{uuid.uuid4().hex[:12]}",
        }


def _answers(endpoint: str) -> bool:
    """Whether an S3 server answers at ``endpoint``."""
    try:
        with urllib.request.urlopen(endpoint, timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


def _unavailable(reason: str) -> None:
    """Skip, or fail when CI requires S3."""
    if REQUIRE_S3:
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A running RADOS Gateway: the one CI started, or one started here."""
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    key = os.environ.get("TEST_S3_ACCESS_KEY", "portfolio")
    secret = os.environ.get("TEST_S3_SECRET_KEY", "portfolio-secret")
    if endpoint:
        if not _answers(endpoint):
            _unavailable(f"no S3 server at TEST_S3_ENDPOINT_URL={endpoint}")
        yield S3Server(endpoint, key, secret)
        return
    if shutil.which("radosgw") is None:
        _unavailable("radosgw is not installed (make s3-deps) and no TEST_S3_ENDPOINT_URL")
    folder = tmp_path_factory.mktemp("rgw")
    env = {**os.environ, "RGW_PORT": os.environ.get("TEST_RGW_PORT", "7480")}
    started = subprocess.run(
        [str(SCRIPT), "start", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if started.returncode != 0:
        _unavailable(f"radosgw did not start: {started.stderr[-500:]}")
    values = dict(
        line.split("=", 1) for line in started.stdout.splitlines() if "=" in line
    )
    try:
        yield S3Server(
            values["S3_ENDPOINT_URL"], values["S3_ACCESS_KEY"], values["S3_SECRET_KEY"]
        )
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], check=False, timeout=30)

"""Helpers for the load benchmark: a throwaway database, gunicorn, sign-in, wrk."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# wrk on PATH, else the copy `make wrk-deps` unpacks into the venv.
WRK = shutil.which("wrk") or str(BIN / "wrk")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,'
    .. '"socket_errors":%d,"bad_status":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), e.connect + e.read + e.write + e.timeout, e.status))
end
"""
LUA_POST = """
local items = {}
local counter = 0
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
init = function(args)
  for line in io.lines(args[1]) do
    local cookie, path, body = line:match("([^\\t]*)\\t([^\\t]*)\\t(.*)")
    table.insert(items, {cookie, path, body})
  end
  counter = (id or 1) * math.floor(#items / 2)
end
request = function()
  counter = counter % #items + 1
  local it = items[counter]
  return wrk.format("POST", it[2], {["Cookie"] = it[1],
    ["Content-Type"] = "application/x-www-form-urlencoded"}, it[3])
end
"""


def bench_env(database_url: str, storage: Path) -> dict[str, str]:
    """The environment the app, the CLI and gunicorn run with."""
    (ROOT / "instance").mkdir(exist_ok=True)  # the audit anchor file lives there
    env = dict(os.environ)
    env.update(
        PORTFOLIO_ENV="development",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        STORAGE_DIR=str(storage),
        SECRET_KEY="load-bench-only",
        LOGIN_RATE_LIMIT="1000/minute",
        LOGIN_IP_RATE_LIMIT="10000/hour",
        FLASK_APP="portfolio",
    )
    return env


def flask(env: dict[str, str], *args: str) -> str:
    """Run one ``flask`` command; its output, or SystemExit with the error."""
    done = subprocess.run(
        [str(BIN / "flask"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _free_port() -> int:
    """A TCP port nothing listens on now (another benchmark may hold 8765)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """gunicorn serving wsgi:app with ``workers`` sync workers on a free port."""

    def __init__(self, env: dict[str, str], workers: int, port: int = 0) -> None:
        """Start it (on a free port unless ``port``) and wait for /healthz."""
        port = port or _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log")
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--access-logfile", "-" if env.get("BENCH_ACCESS_LOG") else "/dev/null",
             "wsgi:app"],
            env=env, cwd=ROOT, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        self.log.seek(0)
        tail = self.log.read().decode(errors="replace")[-3000:]
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{tail}")

    def stop(self) -> None:
        """Stop the master (it stops its workers) and wait."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)


class Browser:
    """A signed-in session: the cookie wrk sends and a CSRF token for forms."""

    def __init__(self, base: str, email: str, password: str) -> None:
        """Sign in through the login form."""
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )
        token = self.csrf("/auth/login")
        body = urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": token}
        ).encode()
        page = self.opener.open(self.base + "/auth/login", body).read().decode()
        if "Sign out" not in page and "logout" not in page:
            raise SystemExit(f"sign-in as {email} failed")

    def get(self, path: str) -> tuple[int, str]:
        """GET a page as this user."""
        with self.opener.open(self.base + path) as resp:
            return resp.status, resp.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        """POST a form (CSRF token from the same page); the final URL and page."""
        body = urllib.parse.urlencode({"csrf_token": self.csrf(path), **fields})
        with self.opener.open(self.base + path, body.encode()) as resp:
            return resp.geturl(), resp.read().decode()

    def raw(self, path: str) -> bytes:
        """GET a file as this user."""
        with self.opener.open(self.base + path) as resp:
            return bytes(resp.read())

    def csrf(self, path: str) -> str:
        """The CSRF token on a page (the session's token)."""
        match = CSRF_RE.search(self.get(path)[1])
        if match is None:
            raise SystemExit(f"no CSRF token on {path}")
        return match.group(1)

    @property
    def cookie(self) -> str:
        """The Cookie header value for wrk."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def wrk(url: str, *, cookie: str | None, seconds: int, connections: int,
        post_file: Path | None = None,
        headers: dict[str, str] | None = None) -> dict[str, float]:  # fmt: skip
    """Run wrk against ``url``; p50/p95 in ms, req/s and error counts."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text((LUA_POST if post_file else "") + LUA_DONE)
        command = [
            WRK,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
        ]
        command += ["-s", str(script)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        if post_file:
            command += ["--", str(post_file)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line[len("RESULT ") :])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "rps": raw["requests"] / seconds_run,
        "requests": raw["requests"],
        "errors": raw["socket_errors"] + raw["bad_status"],
    }


def available() -> str | None:
    """Why the benchmark cannot run here, or None."""
    if shutil.which(WRK) is None:
        return "wrk is not installed (make wrk-deps, or apt-get install -y wrk)"
    if (
        shutil.which("pg_isready")
        and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode
    ):
        return "PostgreSQL is not answering on 127.0.0.1:5432"
    return None

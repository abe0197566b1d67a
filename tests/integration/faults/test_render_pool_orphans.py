"""A render worker whose pool owner is already gone ends instead of waiting forever.

The death signal (PR_SET_PDEATHSIG) follows whoever is the parent when it is set;
a worker forked just before its owner was killed would otherwise be adopted by
the reaper and block on its task queue for ever.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

CHILD = """
import sys
from portfolio.pdf.pool import die_with_parent
die_with_parent(int(sys.argv[1]))
print("armed")
"""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _run_child(owner: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(owner)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_worker_whose_owner_has_ended_exits_at_once() -> None:
    done = _run_child(_dead_pid())
    assert done.returncode == 1
    assert "armed" not in done.stdout


def test_a_worker_whose_owner_is_alive_carries_on() -> None:
    done = _run_child(os.getpid())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "armed"


def test_a_zombie_owner_counts_as_ended() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        # Not yet reaped: still has a pid, state Z.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(f"/proc/{proc.pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            time.sleep(0.02)
        done = _run_child(proc.pid)
        assert done.returncode == 1
    finally:
        proc.wait()

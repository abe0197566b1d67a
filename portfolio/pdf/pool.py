"""The process pool that renders parts: one per web/worker process, reused.

Workers come from a ``forkserver`` that preloads WeasyPrint, so a worker starts in
milliseconds and never inherits the threads or database connections of the web
process (forking a threaded process is unsafe).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}


class InlineExecutor(Executor):
    """Run submitted calls at once in this process (PDF_WORKERS=0, debugging)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Call ``fn`` now and return a finished future."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)
        return future


def die_with_parent(owner: int) -> None:
    """In a pool worker: be killed when the forkserver (our parent) dies.

    A web or RQ worker killed with SIGKILL takes its forkserver with it; without
    this its render workers would go on rendering for nobody (Linux only).
    ``owner`` is the process that made the pool. The death signal follows whoever
    is our parent when ``prctl`` runs, so if the forkserver had already gone by
    then it would follow the reaper instead; the forkserver only ends after the
    owner, so an owner still alive after ``prctl`` means the signal is armed on
    the forkserver, and an owner already gone means we must go too.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if _gone(owner):  # the owner died before prctl took effect
        os._exit(1)


def _gone(pid: int) -> bool:
    """Whether ``pid`` has ended (a zombie has ended, though it still has a pid)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    except OSError:  # no /proc: ask the kernel, which counts zombies as alive
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return stat.rsplit(")", 1)[1].split()[0] in {"Z", "X"}


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


def get_pool(workers: int | None = None, purpose: str = "render") -> Executor:
    """The shared pool with ``workers`` processes (0 renders inline)."""
    workers = default_workers() if workers is None else workers
    if workers <= 0:
        return InlineExecutor()
    with _lock:
        pool = _pools.get((purpose, workers))
        if pool is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["portfolio.pdf.cache", "portfolio.pdf.merge"])
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=ctx,
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
            _pools[(purpose, workers)] = pool
        return pool


def get_merge_pool(workers: int | None = None) -> Executor:
    """The one process that merges (inline when ``workers`` is 0).

    Merges always go to the same process, so that it can keep the parsed parts
    of the last export (``merge``) for the next one, which usually differs in
    one part only.
    """
    return get_pool(0 if workers == 0 else 1, purpose="merge")


def shutdown_pools() -> None:
    """Stop every pool (tests and benchmarks)."""
    with _lock:
        for pool in _pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        _pools.clear()


def peak_rss_mib() -> float:
    """This process's peak resident set size so far, in MiB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

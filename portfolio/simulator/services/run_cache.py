"""What one process keeps of the runs it served: their decoded documents and log.

A kept run carries the stamp of the stored row it was decoded from: the run's
``version`` (SQLAlchemy's version counter, bumped by every UPDATE of the row) and
its ``updated_at``. Every action appends its log row in the transaction that bumps
the stamp, and a restore brings back rows and stamps together, so a run whose
stamp still reads the same is served from here without reading its log again.

A state this process wrote itself is kept only once its transaction has committed:
an action that is rolled back (a failed request, or the loser of two concurrent
writes, which may share a timestamp) never reaches the cache, so the cache never
holds a stamp the database did not commit, and never becomes a second source of
truth, only a way to skip decoding and reading.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction

from portfolio.core.typing import Session
from portfolio.simulator import domain as engine
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.services.memo import process_memo

RawRow = tuple[int, int, str, str, bool, str, str, str]
Stamp = tuple[int, datetime]
# What one process keeps, counted as the stored JSON text of the kept runs: decoded,
# the objects take about five times as much (about 40 MiB here). A run of the volume
# data (10 actions) is about 15 KB of text; one with 200 CRM searches about 350 KB.
KEPT_TEXT_BYTES = 8 * 2**20
_PENDING = "simulator_runs_pending"  # run id -> KeptRun, kept once the commit is done
_WRITTEN = "simulator_runs_written"  # ids of the runs this transaction flushed


@dataclass(frozen=True)
class KeptRun:
    """The decoded documents of one run, with the stored text they came from."""

    scenario_text: str
    scenario: engine.Scenario
    state_text: str
    state: engine.RunState  # without its log
    log: tuple[engine.LogEntry, ...]
    last_row: RawRow | None  # the stored row of the last log entry
    log_bytes: int  # the stored text of the log rows
    stamp: Stamp | None = None  # the run row's version and updated_at

    @property
    def size(self) -> int:
        """The stored text this keeps decoded."""
        return len(self.scenario_text) + len(self.state_text) + self.log_bytes


class RunCache:
    """The decoded runs one process served last, least recently used out first."""

    def __init__(self, budget: int = KEPT_TEXT_BYTES) -> None:
        """An empty cache of runs of at most ``budget`` bytes of stored text."""
        self.budget = budget
        self.used = 0
        self._runs: OrderedDict[int, KeptRun] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, run_id: int) -> KeptRun | None:
        """What is kept for ``run_id``, if anything."""
        with self._lock:
            kept = self._runs.get(run_id)
            if kept is not None:
                self._runs.move_to_end(run_id)
            return kept

    def put(self, run_id: int, kept: KeptRun) -> None:
        """Keep ``kept`` for ``run_id``, dropping the least recently used runs."""
        with self._lock:
            old = self._runs.pop(run_id, None)
            self.used -= old.size if old is not None else 0
            if kept.size > self.budget:
                return
            self._runs[run_id] = kept
            self.used += kept.size
            while self.used > self.budget:
                _, dropped = self._runs.popitem(last=False)
                self.used -= dropped.size

    def __len__(self) -> int:
        """How many runs are kept."""
        return len(self._runs)

    def clear(self) -> None:
        """Forget every run."""
        with self._lock:
            self._runs.clear()
            self.used = 0


def run_cache(session: Session) -> RunCache:
    """This process's cache for the database ``session`` is bound to."""
    kept = process_memo(session)
    cache: RunCache | None = kept.get("runs")
    if cache is None:
        cache = kept.setdefault("runs", RunCache())
    return cache


def stamp_of(run: SimulationRun) -> Stamp:
    """The run row's version and last update (naive UTC: SQLite drops the zone)."""
    when = run.updated_at
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return (run.version, when)


def kept_run(session: Session, run_id: int) -> KeptRun | None:
    """What this transaction wrote of the run, else what the process kept."""
    pending: dict[int, KeptRun] = session.info.get(_PENDING, {})
    return pending.get(run_id) or run_cache(session).get(run_id)


def keep_run(session: Session, run_id: int, kept: KeptRun) -> None:
    """Keep ``kept``: at once if read as committed, else when the commit is done."""
    if run_id in session.info.get(_WRITTEN, ()):
        session.info.setdefault(_PENDING, {})[run_id] = kept
    else:
        run_cache(session).put(run_id, kept)


@event.listens_for(OrmSession, "after_flush")
def _note_written(session: OrmSession, _context: Any) -> None:
    """Note the runs this flush wrote: what is read of them now is not committed."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SimulationRun) and obj.id is not None:
            session.info.setdefault(_WRITTEN, set()).add(obj.id)


@event.listens_for(OrmSession, "after_commit")
def _keep_committed(session: OrmSession) -> None:
    """Keep what the transaction wrote once it is committed (not at a savepoint)."""
    if session.in_nested_transaction():
        return
    pending: dict[int, KeptRun] = session.info.pop(_PENDING, {})
    if pending:
        cache = run_cache(session)
        for run_id, kept in pending.items():
            cache.put(run_id, kept)


@event.listens_for(OrmSession, "after_rollback")
def _drop_rolled_back(session: OrmSession) -> None:
    """A rolled-back state (or savepoint) is never kept."""
    session.info.pop(_PENDING, None)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_written(session: OrmSession, transaction: SessionTransaction) -> None:
    """At the end of the whole transaction nothing is pending or written any more."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_WRITTEN, None)

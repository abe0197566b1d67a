"""Write a whole provider's volume data in one transaction, timing each part."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.devdata.loadgen.bulk import AuditBatch
from portfolio.devdata.loadgen.evidence import make_evidence
from portfolio.devdata.loadgen.people import make_people
from portfolio.devdata.loadgen.runs import make_runs
from portfolio.devdata.loadgen.spec import DOMAIN, LoadSpec
from portfolio.errors import ConflictError, ValidationError
from portfolio.framework.models import Unit
from portfolio.simulator.models import SimContent

# Learners computed per statement batch when the progress rows are filled.
PROGRESS_BATCH = 500


def _check_ready(session: Session) -> None:
    """Seeds must be loaded and the volume data not yet written."""
    if session.scalar(select(Unit.id).limit(1)) is None or (
        session.scalar(select(SimContent.key).limit(1)) is None
    ):
        raise ValidationError("Load the seeds first: flask seed.", "seed")
    if session.scalar(select(User.id).where(User.email == f"admin1@{DOMAIN}")):
        raise ConflictError("The load-test data is already in this database.")


def fill_progress(session: Session) -> int:
    """Every enrolled learner's progress row, computed in batches from what was written.

    The rows are written in the load's one transaction, where nothing else writes,
    so the per-learner locks of a live recompute are not needed.
    """
    rules = assessment.current_rules(session)
    done = 0
    for ids in assessment.enrolled_batches(session, PROGRESS_BATCH):
        assessment.recompute_progress(session, ids, rules, lock=False)
        done += len(ids)
    return done


def generate(
    session: Session, spec: LoadSpec, progress: Callable[[str], None]
) -> dict[str, Any]:
    """Insert everything ``spec`` asks for; flush only (the command commits)."""
    _check_ready(session)
    rng = random.Random(spec.seed)
    conn = session.connection()
    audit = AuditBatch()
    timings: dict[str, float] = {}

    def step(name: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        timings[name] = time.perf_counter() - started
        progress(f"  {name:<12} {timings[name]:6.1f} s")
        return result

    people = step("people", lambda: make_people(conn, spec, rng, audit))
    runs = step("simulator", lambda: make_runs(session, conn, spec, rng, people, audit))
    counts = step("evidence", lambda: make_evidence(conn, spec, rng, people, audit))
    events = step("audit chain", lambda: audit.write(conn))
    step("progress", lambda: fill_progress(session))
    return {"runs": len(runs), "audit_events": events, **counts, "timings": timings}

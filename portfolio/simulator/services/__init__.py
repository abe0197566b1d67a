"""Simulator use cases: runs, actions, debriefs, tasks, progress, portfolio records.

Each module holds one group of use cases; this package re-exports them so callers
write ``services.start_run(...)``. Services flush and never commit.
"""

from __future__ import annotations

from portfolio.simulator.services.actions import take_action
from portfolio.simulator.services.content import (
    ContentError,
    content_sha,
    get_company,
    load_content,
)
from portfolio.simulator.services.debrief import (
    AnswerKey,
    Debrief,
    get_answer_key,
    get_debrief,
)
from portfolio.simulator.services.learners import get_learner
from portfolio.simulator.services.portfolio import mark_run_in_portfolio, run_documents
from portfolio.simulator.services.progress import Progress, get_progress
from portfolio.simulator.services.runs import (
    DIFFICULTIES,
    MAX_SEED,
    abandon_run,
    get_own_active_run,
    get_own_run,
    get_run,
    list_runs,
    start_again,
    start_run,
)
from portfolio.simulator.services.stored import LoadedRun, load_run
from portfolio.simulator.services.tasks import create_task, list_open_tasks, start_task

__all__ = [
    "DIFFICULTIES",
    "MAX_SEED",
    "AnswerKey",
    "ContentError",
    "Debrief",
    "LoadedRun",
    "Progress",
    "abandon_run",
    "content_sha",
    "create_task",
    "get_answer_key",
    "get_company",
    "get_debrief",
    "get_learner",
    "get_own_active_run",
    "get_own_run",
    "get_progress",
    "get_run",
    "list_open_tasks",
    "list_runs",
    "load_content",
    "load_run",
    "mark_run_in_portfolio",
    "run_documents",
    "start_again",
    "start_run",
    "start_task",
    "take_action",
]

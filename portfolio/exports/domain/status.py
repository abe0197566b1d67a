"""Where an export job is: queued, running, done or failed."""

from __future__ import annotations

from enum import StrEnum


class ExportStatus(StrEnum):
    """Where an export job is."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

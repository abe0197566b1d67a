"""A learner's stored progress facts, and what the caseload derives from them.

The summary row keeps only facts that change when someone writes (criteria achieved,
the submission times of waiting items, the last recorded activity). Anything that
depends on the date (RAG against plan, days since, overdue past the turnaround) is
derived from those facts when the page is read, so a stored row never goes stale
with the calendar.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from portfolio.framework.domain.spec import CriterionSpec

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_micros(value: datetime) -> int:
    """An aware (or naive UTC) time as exact whole microseconds since the epoch."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return (aware - _EPOCH) // _MICROSECOND


def from_micros(value: int) -> datetime:
    """The aware UTC time ``value`` microseconds after the epoch."""
    return _EPOCH + value * _MICROSECOND


@dataclass(frozen=True)
class ProgressFacts:
    """What the caseload needs to know about one learner, independent of the date.

    ``waiting`` counts the items waiting for a decision; ``waiting_since`` holds
    their submission times (microseconds since the epoch), oldest first.
    """

    achieved: int
    total: int
    waiting: int
    waiting_since: tuple[int, ...]
    last_activity: datetime | None

    @property
    def oldest_waiting(self) -> datetime | None:
        """When the longest-waiting item was submitted."""
        return from_micros(self.waiting_since[0]) if self.waiting_since else None

    def overdue(self, cutoff: datetime) -> int:
        """Waiting items submitted before ``cutoff`` (past the turnaround)."""
        limit = to_micros(cutoff)
        return sum(1 for t in self.waiting_since if t < limit)


def progress_facts(
    achieved: int,
    total: int,
    submitted: Iterable[datetime | None],
    last_activity: datetime | None,
) -> ProgressFacts:
    """Facts from counts and each waiting item's submission time (any order)."""
    found = list(submitted)
    times = tuple(sorted(to_micros(t) for t in found if t is not None))
    return ProgressFacts(achieved, total, len(found), times, last_activity)


def encode_waiting(times: Iterable[int]) -> str:
    """The waiting items' submission times as stored (a JSON list)."""
    return json.dumps(sorted(times), separators=(",", ":"))


def decode_waiting(text: str | None) -> tuple[int, ...]:
    """Stored submission times back as a sorted tuple (bad data reads as none)."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(raw, list):
        return ()
    return tuple(sorted(int(t) for t in raw if isinstance(t, int)))


def rules_key(
    unit_id: int, criteria: Iterable[CriterionSpec], sufficiency: Mapping[str, int]
) -> str:
    """A fingerprint of what achievement is counted against.

    A row computed under other rules (another unit, changed criteria or sufficiency)
    is not used: it is recomputed instead.
    """
    parts = [
        str(unit_id),
        *(f"{c.code}|{c.kind}|{c.order_type or ''}" for c in criteria),
        json.dumps(dict(sorted(sufficiency.items()))),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

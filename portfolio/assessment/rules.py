"""Pure assessment rules: judgements, achievement, sufficiency, RAG, sampling, locks.

Standard library only (plus portfolio.errors), so it is tested without Flask or a DB.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from portfolio.errors import ConflictError, DomainError, ValidationError

FEEDBACK_MAX = 2000
ACTIONS_MAX = 2000
REASON_MAX = 500
DEFAULT_RATE = 25
NEW_ASSESSOR_RATE = 100
CONFLICT_MESSAGE = (
    "Someone else saved a decision on this item since you opened it. "
    "Reload to see it; your notes are below."
)
LOCKED_MESSAGE = (
    "This portfolio has been signed off and is locked, so it cannot be changed. "
    "Ask your internal quality assurer or an administrator to unlock it."
)
ASSESSOR_DECLARATION = (
    "I confirm that I have assessed this evidence against every criterion and the "
    "range of the unit, that it is valid, sufficient, current and authentic, and "
    "that the learner has achieved the unit."
)
LEARNER_DECLARATION = (
    "I confirm that the evidence in this portfolio is my own work, that testimonies "
    "are from the people named, and that I understand the portfolio will be locked."
)


class SegregationError(DomainError):
    """Someone tried to judge or sample work they are too close to (SECURITY #16)."""


class Decision(StrEnum):
    """The assessor's decision on one criterion for one version."""

    MET = "met"
    NOT_MET = "not_met"


DECISION_LABELS = {Decision.MET: "Met", Decision.NOT_MET: "Not yet met"}


class Outcome(StrEnum):
    """What happens to the item as a whole."""

    ACCEPT = "accept"
    RETURN = "return"


class SampleState(StrEnum):
    """Where an IQA sample is."""

    DUE = "due"
    AGREED = "agreed"
    SENT_BACK = "sent_back"


SAMPLE_LABELS = {
    SampleState.DUE: "Due",
    SampleState.AGREED: "Agreed",
    SampleState.SENT_BACK: "Sent back",
}
_SAMPLE_NEXT = {
    (SampleState.DUE, "agree"): SampleState.AGREED,
    (SampleState.DUE, "send_back"): SampleState.SENT_BACK,
}


# ---- judging ---------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionJudgement:
    """One criterion's decision with its feedback, as posted."""

    code: str
    decision: Decision
    feedback: str


def check_judgements(
    rows: Iterable[tuple[str, str | None, str | None]],
    unit_codes: set[str],
    outcome: str | None,
    actions: str | None,
) -> tuple[list[CriterionJudgement], Outcome, str]:
    """Validate (code, decision, feedback) rows, the outcome and the actions.

    Raises:
        ValidationError: naming the field to correct.
    """
    if outcome not in set(Outcome):
        raise ValidationError("Choose whether to accept or return the item.", "outcome")
    result: list[CriterionJudgement] = []
    for code, decision, feedback in rows:
        if code not in unit_codes:
            raise ValidationError(
                f"{code} is not a criterion of this unit.", "criteria"
            )
        if decision not in set(Decision):
            raise ValidationError(f"Choose met or not yet met for {code}.", f"d_{code}")
        text = (feedback or "").strip()
        if len(text) > FEEDBACK_MAX:
            raise ValidationError(f"The feedback on {code} is too long.", f"f_{code}")
        if decision == Decision.NOT_MET and not text:
            raise ValidationError(
                f"Say what is missing for {code} (feedback is needed when a "
                "criterion is not yet met).",
                f"f_{code}",
            )
        result.append(CriterionJudgement(code, Decision(decision), text))
    if not result:
        raise ValidationError("Judge at least one criterion.", "criteria")
    clean_actions = (actions or "").strip()
    if len(clean_actions) > ACTIONS_MAX:
        raise ValidationError("The actions are too long.", "actions")
    if outcome == Outcome.RETURN and not clean_actions:
        raise ValidationError(
            "Say what the learner needs to do before the item comes back.", "actions"
        )
    if outcome == Outcome.ACCEPT and not any(
        j.decision == Decision.MET for j in result
    ):
        raise ValidationError(
            "An accepted item must meet at least one criterion; return it instead.",
            "outcome",
        )
    return result, Outcome(outcome), clean_actions


def check_version(expected: int | None, actual: int) -> None:
    """Refuse a save made from a page that is out of date (optimistic locking)."""
    if expected is None or expected != actual:
        raise ConflictError(CONFLICT_MESSAGE)


def check_can_judge(
    assessor_id: int,
    learner_id: int,
    supervisor_id: int | None,
    witness_ids: Iterable[int | None] = (),
) -> None:
    """An assessor never judges their own work, a supervisee's, or what they saw."""
    if assessor_id == learner_id:
        raise SegregationError("You cannot assess your own evidence.")
    if supervisor_id is not None and assessor_id == supervisor_id:
        raise SegregationError(
            "You supervise this learner at work, so another assessor must judge it."
        )
    if assessor_id in set(witness_ids):
        raise SegregationError(
            "You witnessed this evidence, so another assessor must judge it."
        )


def check_can_sample(iqa_id: int, assessor_id: int) -> None:
    """An IQA never samples decisions they made as assessor."""
    if iqa_id == assessor_id:
        raise SegregationError(
            "You cannot quality-assure your own assessment decisions."
        )


def sample_transition(state: str, action: str) -> SampleState:
    """The sample's state after ``action``; ConflictError if not allowed."""
    found = _SAMPLE_NEXT.get((SampleState(state), action))
    if found is None:
        raise ConflictError("This sample has already been dealt with.")
    return found


def check_feedback(text: str | None, field_name: str, needed: bool) -> str:
    """Trimmed feedback; required when ``needed``."""
    value = (text or "").strip()
    if needed and not value:
        raise ValidationError("Give feedback for the assessor.", field_name)
    if len(value) > FEEDBACK_MAX:
        raise ValidationError("The feedback is too long.", field_name)
    return value


# ---- achievement -----------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion as the rules need it."""

    code: str
    kind: str
    order_type: str | None = None


@dataclass(frozen=True)
class EvidenceFact:
    """One piece of judged evidence: its kind, status and the criteria judged met.

    ``status`` is the item's evidence status (a discussion record is "accepted");
    ``met`` holds codes from the item's current, not reopened, decision.
    """

    item_id: int
    kind: str
    status: str
    order_type: str | None
    met: frozenset[str]


@dataclass(frozen=True)
class CriterionProgress:
    """Whether one criterion is achieved and by which kinds of evidence."""

    code: str
    kind: str
    kinds: frozenset[str]
    needed: int
    item_ids: tuple[int, ...]

    @property
    def achieved(self) -> bool:
        """Enough different kinds of accepted evidence meet it."""
        return len(self.kinds) >= self.needed


@dataclass(frozen=True)
class Achievement:
    """Per-criterion progress for one learner's unit."""

    criteria: tuple[CriterionProgress, ...] = field(default_factory=tuple)

    @property
    def achieved_count(self) -> int:
        """How many criteria are achieved."""
        return sum(1 for c in self.criteria if c.achieved)

    @property
    def total(self) -> int:
        """How many criteria the unit has."""
        return len(self.criteria)

    @property
    def range_total(self) -> int:
        """How many range criteria (order types) there are."""
        return sum(1 for c in self.criteria if c.kind == "range")

    @property
    def range_covered(self) -> int:
        """How many range criteria are achieved."""
        return sum(1 for c in self.criteria if c.kind == "range" and c.achieved)

    @property
    def complete(self) -> bool:
        """Every criterion, range included, is achieved."""
        return bool(self.criteria) and self.achieved_count == self.total

    @property
    def fraction(self) -> float:
        """Share of criteria achieved (0..1)."""
        return self.achieved_count / self.total if self.total else 0.0

    def missing(self) -> tuple[str, ...]:
        """Codes of criteria not yet achieved."""
        return tuple(c.code for c in self.criteria if not c.achieved)


def parse_sufficiency(text: str | None) -> dict[str, int]:
    """The unit's sufficiency JSON as {criterion kind: kinds of evidence needed}."""
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): max(1, int(v)) for k, v in raw.items() if str(v).isdigit()}


COUNTED = frozenset({"accepted"})


def achievement(
    criteria: Iterable[CriterionSpec],
    facts: Iterable[EvidenceFact],
    sufficiency: Mapping[str, int],
) -> Achievement:
    """Which criteria accepted evidence achieves.

    A criterion is achieved when accepted evidence of at least ``sufficiency[kind]``
    different evidence kinds is judged to meet it (default 1). A range criterion is
    also met by any accepted item of its order type. Withdrawn, returned, submitted
    or reopened evidence counts for nothing.
    """
    live = [f for f in facts if f.status in COUNTED]
    progress = []
    for c in criteria:
        hits = [
            f
            for f in live
            if c.code in f.met
            or (c.kind == "range" and c.order_type and f.order_type == c.order_type)
        ]
        progress.append(
            CriterionProgress(
                code=c.code,
                kind=c.kind,
                kinds=frozenset(f.kind for f in hits),
                needed=sufficiency.get(c.kind, 1),
                item_ids=tuple(sorted({f.item_id for f in hits})),
            )
        )
    return Achievement(tuple(progress))


# ---- red / amber / green -----------------------------------------------------------


class Rag(StrEnum):
    """Status against plan."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


RAG_LABELS = {Rag.GREEN: "On track", Rag.AMBER: "Slightly behind", Rag.RED: "Behind"}


def rag_status(
    fraction: float, start: date | None, planned_end: date | None, today: date
) -> Rag:
    """Compare achieved share with the share of planned time used.

    Green when within 10 points of plan, amber within 25, else red; past the planned
    end date anything unfinished is red. Without dates, progress alone decides.
    """
    if fraction >= 1:
        return Rag.GREEN
    if planned_end is not None and today > planned_end:
        return Rag.RED
    if start is None or planned_end is None or planned_end <= start:
        expected = 0.0
    else:
        elapsed = (today - start).days / (planned_end - start).days
        expected = min(1.0, max(0.0, elapsed))
    gap = expected - fraction
    if gap <= 0.10:
        return Rag.GREEN
    if gap <= 0.25:
        return Rag.AMBER
    return Rag.RED


# ---- sampling --------------------------------------------------------------------


def effective_rate(rate: int | None, new_assessor: bool) -> int:
    """The sampling rate in percent: 100 for new assessors (or with no plan)."""
    if rate is None or new_assessor:
        return NEW_ASSESSOR_RATE
    return min(100, max(0, rate))


def check_rate(value: int | None) -> int:
    """A whole percentage from 0 to 100."""
    if value is None or not 0 <= value <= 100:
        raise ValidationError("Enter a sampling rate from 0 to 100.", "rate")
    return value


def selected_for_sampling(key: str, rate: int) -> bool:
    """Deterministic selection: the same decision always gets the same answer.

    The decision key is hashed to a number 0..99, so a rate of r% picks about r%.
    """
    if rate >= 100:
        return True
    if rate <= 0:
        return False
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return bucket < rate


# ---- sign-off and locks ----------------------------------------------------------


def check_ready_for_signoff(result: Achievement) -> None:
    """Sign-off needs every criterion and the range achieved."""
    missing = result.missing()
    if missing:
        raise ConflictError(
            "The unit cannot be signed off yet: not achieved "
            + ", ".join(missing)
            + "."
        )


def check_unlocked(locked: bool) -> None:
    """Refuse a change to a locked portfolio with a clear message."""
    if locked:
        raise ConflictError(LOCKED_MESSAGE)


def check_reason(reason: str | None) -> str:
    """An unlock needs a reason of at most REASON_MAX characters."""
    value = (reason or "").strip()
    if not value:
        raise ValidationError("Give the reason for unlocking.", "reason")
    if len(value) > REASON_MAX:
        raise ValidationError("The reason is too long.", "reason")
    return value


def check_declared(ticked: bool, field_name: str) -> None:
    """A declaration must be ticked."""
    if not ticked:
        raise ValidationError("Tick the declaration to confirm it.", field_name)

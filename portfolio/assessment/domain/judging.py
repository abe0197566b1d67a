"""Judging one evidence item: a decision per criterion, then accept or return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portfolio.errors import ConflictError, ValidationError

FEEDBACK_MAX = 2000
ACTIONS_MAX = 2000
CONFLICT_MESSAGE = (
    "Someone else saved a decision on this item since you opened it. "
    "Reload to see it; your notes are below."
)


class Decision(StrEnum):
    """The assessor's decision on one criterion for one version."""

    MET = "met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        """The decision as a person reads it."""
        return DECISION_LABELS[self]


DECISION_LABELS = {Decision.MET: "Met", Decision.NOT_MET: "Not yet met"}


class Outcome(StrEnum):
    """What happens to the item as a whole."""

    ACCEPT = "accept"
    RETURN = "return"


@dataclass(frozen=True)
class CriterionJudgement:
    """One criterion's decision with its feedback, as posted."""

    code: str
    decision: Decision
    feedback: str


JudgementRow = tuple[str, str | None, str | None]


def _judgement(
    code: str, decision: str | None, feedback: str | None
) -> CriterionJudgement:
    """Validate one (code, decision, feedback) row of a unit's criterion."""
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
    return CriterionJudgement(code, Decision(decision), text)


def _check_actions(
    actions: str | None, outcome: Outcome, judged: list[CriterionJudgement]
) -> str:
    """Trimmed actions: needed to return, and an accepted item must meet something."""
    clean = (actions or "").strip()
    if len(clean) > ACTIONS_MAX:
        raise ValidationError("The actions are too long.", "actions")
    if outcome == Outcome.RETURN and not clean:
        raise ValidationError(
            "Say what the learner needs to do before the item comes back.", "actions"
        )
    if outcome == Outcome.ACCEPT and not any(
        j.decision == Decision.MET for j in judged
    ):
        raise ValidationError(
            "An accepted item must meet at least one criterion; return it instead.",
            "outcome",
        )
    return clean


def check_judgements(
    rows: Iterable[JudgementRow],
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
    judged: list[CriterionJudgement] = []
    for code, decision, feedback in rows:
        if code not in unit_codes:
            raise ValidationError(
                f"{code} is not a criterion of this unit.", "criteria"
            )
        judged.append(_judgement(code, decision, feedback))
    if not judged:
        raise ValidationError("Judge at least one criterion.", "criteria")
    chosen = Outcome(outcome)
    return judged, chosen, _check_actions(actions, chosen, judged)


def check_version(expected: int | None, actual: int) -> None:
    """Refuse a save made from a page that is out of date (optimistic locking)."""
    if expected is None or expected != actual:
        raise ConflictError(CONFLICT_MESSAGE)

"""Segregation of duties: nobody judges or samples work they are too close to."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio.errors import DomainError


class SegregationError(DomainError):
    """Someone tried to judge or sample work they are too close to (SECURITY #16)."""


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

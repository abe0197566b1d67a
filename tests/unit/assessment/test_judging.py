"""Judging and segregation of duties (pure)."""

from __future__ import annotations

import pytest

from portfolio.assessment.domain.judging import (
    Decision,
    Outcome,
    check_judgements,
    check_version,
)
from portfolio.assessment.domain.segregation import (
    SegregationError,
    check_can_judge,
    check_can_sample,
)
from portfolio.errors import ConflictError, ValidationError

CODES = {"MP1", "K1"}


def test_judgements_validate_decisions_feedback_and_outcome() -> None:
    rows, outcome, actions = check_judgements(
        [("MP1", "met", " good "), ("K1", "not_met", "explain SPIN")],
        CODES,
        "return",
        "Add SPIN",
    )
    assert outcome == Outcome.RETURN and actions == "Add SPIN"
    assert rows[0].feedback == "good"
    assert rows[1].decision == Decision.NOT_MET and rows[1].decision.label == (
        "Not yet met"
    )


@pytest.mark.parametrize(
    ("rows", "outcome", "actions", "field"),
    [
        ([("MP1", "met", "")], None, "", "outcome"),
        ([("XX", "met", "")], "accept", "", "criteria"),
        ([("MP1", "maybe", "")], "accept", "", "d_MP1"),
        ([("MP1", "not_met", " ")], "return", "x", "f_MP1"),
        ([], "accept", "", "criteria"),
        ([("MP1", "met", "")], "return", "", "actions"),
        ([("MP1", "not_met", "x")], "accept", "", "outcome"),
        ([("MP1", "met", "x" * 2001)], "accept", "", "f_MP1"),
        ([("MP1", "met", "")], "return", "x" * 2001, "actions"),
    ],
)
def test_bad_judgements_name_the_field(rows, outcome, actions, field) -> None:
    with pytest.raises(ValidationError) as info:
        check_judgements(rows, CODES, outcome, actions)
    assert info.value.field == field


def test_stale_version_is_a_conflict_with_the_agreed_message() -> None:
    check_version(3, 3)
    with pytest.raises(ConflictError, match="Someone else saved a decision"):
        check_version(3, 4)
    with pytest.raises(ConflictError):
        check_version(None, 4)


def test_segregation_of_duties() -> None:
    check_can_judge(1, 2, 3, [4])
    for args in [(2, 2, 3, []), (3, 2, 3, []), (4, 2, 3, [4])]:
        with pytest.raises(SegregationError):
            check_can_judge(*args)
    check_can_sample(5, 1)
    with pytest.raises(SegregationError):
        check_can_sample(1, 1)

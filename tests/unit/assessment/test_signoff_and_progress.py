"""Sign-off declarations, unlock reasons, discussion records and RAG (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio.assessment.domain.discussion import DiscussionRecord, check_discussion
from portfolio.assessment.domain.rag import Rag, check_thresholds, plan_status
from portfolio.assessment.domain.signoff import check_declared, check_reason
from portfolio.errors import ValidationError

TODAY = date(2026, 6, 1)


START, END = date(2026, 1, 1), date(2026, 12, 27)  # 360 days, 12 criteria


@pytest.mark.parametrize(
    ("met", "today", "expected", "rag"),
    [
        (12, date(2027, 6, 1), 12, Rag.GREEN),  # all met, even late
        (11, date(2027, 1, 1), 12, Rag.RED),  # past the planned end
        (6, date(2026, 6, 30), 6, Rag.GREEN),  # half the time, half done
        (5, date(2026, 6, 30), 6, Rag.GREEN),  # one behind: still green
        (4, date(2026, 6, 30), 6, Rag.AMBER),  # two behind: amber starts
        (3, date(2026, 6, 30), 6, Rag.AMBER),  # three behind
        (2, date(2026, 6, 30), 6, Rag.RED),  # four behind: red starts
        (0, date(2026, 1, 20), 0, Rag.GREEN),  # just started, nothing expected
        (0, date(2025, 12, 1), 0, Rag.GREEN),  # not started yet
    ],
)
def test_rag_against_plan_at_its_thresholds(met, today, expected, rag) -> None:
    status = plan_status(met, 12, START, END, today)
    assert (status.expected, status.rag) == (expected, rag)
    assert status.behind == max(0, expected - met)


def test_cohort_thresholds_move_the_boundaries() -> None:
    strict = check_thresholds(1, 2)
    today = date(2026, 6, 30)
    assert plan_status(5, 12, START, END, today, strict).rag == Rag.AMBER
    assert plan_status(4, 12, START, END, today, strict).rag == Rag.RED
    with pytest.raises(ValidationError):
        check_thresholds(0, 2)
    with pytest.raises(ValidationError):
        check_thresholds(3, 3)


def test_rag_without_dates_expects_nothing() -> None:
    assert plan_status(0, 12, None, None, date(2026, 1, 1)).rag == Rag.GREEN
    assert Rag.AMBER.label == "Slightly behind"


def test_reason_and_declaration_rules() -> None:
    assert check_reason("  wrong date ") == "wrong date"
    with pytest.raises(ValidationError):
        check_reason(" ")
    with pytest.raises(ValidationError, match="too long"):
        check_reason("x" * 501)
    check_declared(True, "declared")
    with pytest.raises(ValidationError):
        check_declared(False, "declared")


def record(**changes) -> DiscussionRecord:
    values = {
        "held_on": date(2026, 5, 31),
        "duration_minutes": 20,
        "questions": "Q",
        "answers": "A",
        "criteria": ("K1",),
    }
    values.update(changes)
    return DiscussionRecord(**values)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"held_on": date(2026, 6, 2)}, "held_on"),
        ({"duration_minutes": 0}, "duration"),
        ({"duration_minutes": 601}, "duration"),
        ({"questions": " "}, "questions"),
        ({"answers": "x" * 10_001}, "answers"),
        ({"criteria": ()}, "criteria"),
        ({"criteria": ("ZZ",)}, "criteria"),
    ],
)
def test_discussion_records_name_the_field_to_correct(changes, field) -> None:
    with pytest.raises(ValidationError) as info:
        check_discussion(record(**changes), {"K1"}, TODAY)
    assert info.value.field == field


def test_a_complete_discussion_record_is_accepted() -> None:
    assert check_discussion(record(), {"K1"}, TODAY) == record()

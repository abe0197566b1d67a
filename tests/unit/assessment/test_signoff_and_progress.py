"""Sign-off declarations, unlock reasons, discussion records and RAG (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio.assessment.domain.discussion import DiscussionRecord, check_discussion
from portfolio.assessment.domain.rag import Rag, rag_status
from portfolio.assessment.domain.signoff import check_declared, check_reason
from portfolio.errors import ValidationError

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("fraction", "today", "expected"),
    [
        (1.0, date(2027, 6, 1), Rag.GREEN),
        (0.9, date(2027, 6, 1), Rag.RED),  # past the planned end
        (0.5, date(2026, 7, 1), Rag.GREEN),  # half the time, half done
        (0.35, date(2026, 7, 1), Rag.AMBER),
        (0.1, date(2026, 7, 1), Rag.RED),
        (0.0, date(2026, 1, 1), Rag.GREEN),  # not started yet
    ],
)
def test_rag_against_planned_end(fraction, today, expected) -> None:
    assert rag_status(fraction, date(2026, 1, 1), date(2027, 1, 1), today) == (expected)


def test_rag_without_dates_uses_progress_only() -> None:
    assert rag_status(0.0, None, None, date(2026, 1, 1)) == Rag.GREEN
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

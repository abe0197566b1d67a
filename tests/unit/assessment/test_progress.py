"""Stored progress facts and what the caseload derives from them (no app, no DB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portfolio.assessment.domain.progress import (
    decode_waiting,
    encode_waiting,
    from_micros,
    progress_facts,
    rules_key,
    to_micros,
)
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType

NOW = datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=UTC)
K1 = CriterionSpec("K1", CriterionKind.KNOWLEDGE, "Know", "", 1)
R1 = CriterionSpec("R1", CriterionKind.RANGE, "Range", "", 2, OrderType.STANDARD)


def test_times_round_trip_to_the_microsecond_and_naive_means_utc() -> None:
    assert from_micros(to_micros(NOW)) == NOW
    assert to_micros(NOW.replace(tzinfo=None)) == to_micros(NOW)
    assert to_micros(NOW + timedelta(microseconds=1)) == to_micros(NOW) + 1


def test_waiting_counts_every_item_and_sorts_the_times_oldest_first() -> None:
    older = NOW - timedelta(days=9)
    facts = progress_facts(3, 12, [NOW, None, older], None)
    assert facts.waiting == 3  # an item without a time still waits
    assert facts.waiting_since == (to_micros(older), to_micros(NOW))
    assert facts.oldest_waiting == older


def test_overdue_counts_items_submitted_strictly_before_the_cutoff() -> None:
    cutoff = NOW - timedelta(days=7)
    facts = progress_facts(
        0, 12, [cutoff - timedelta(microseconds=1), cutoff, NOW], None
    )
    assert facts.overdue(cutoff) == 1
    assert facts.overdue(NOW + timedelta(seconds=1)) == 3
    assert progress_facts(0, 12, [], None).overdue(cutoff) == 0
    assert progress_facts(0, 12, [], None).oldest_waiting is None


def test_waiting_times_encode_and_decode_and_bad_data_reads_as_none() -> None:
    times = (5, 1, 3)
    assert decode_waiting(encode_waiting(times)) == (1, 3, 5)
    assert decode_waiting(None) == ()
    assert decode_waiting("not json") == ()
    assert decode_waiting('{"a": 1}') == ()
    assert decode_waiting('[2, "x", 1]') == (1, 2)


def test_rules_key_changes_with_unit_criteria_and_sufficiency() -> None:
    key = rules_key(1, [K1, R1], {"knowledge": 1})
    assert key == rules_key(1, [K1, R1], {"knowledge": 1})
    assert key != rules_key(2, [K1, R1], {"knowledge": 1})
    assert key != rules_key(1, [K1], {"knowledge": 1})
    assert key != rules_key(1, [K1, R1], {"knowledge": 2})
    bespoke = CriterionSpec(
        "R1", CriterionKind.RANGE, "Range", "", 2, OrderType.BESPOKE
    )
    assert key != rules_key(1, [K1, bespoke], {"knowledge": 1})
    reworded = CriterionSpec("K1", CriterionKind.KNOWLEDGE, "Other words", "", 1)
    assert key == rules_key(1, [reworded, R1], {"knowledge": 1})  # text counts nothing

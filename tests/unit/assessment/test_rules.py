"""Achievement, sufficiency, judging, RAG, sampling and lock rules (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio.assessment import rules
from portfolio.assessment.rules import CriterionSpec, EvidenceFact
from portfolio.errors import ConflictError, ValidationError

CRITERIA = [
    CriterionSpec("MP1", "marking_point"),
    CriterionSpec("K1", "knowledge"),
    CriterionSpec("R1", "range", "standard"),
    CriterionSpec("R2", "range", "bespoke"),
    CriterionSpec("R3", "range", "urgent"),
]
SUFFICIENCY = {"marking_point": 2, "knowledge": 1, "range": 1}


def fact(item_id, kind="work_product", status="accepted", order_type=None, met=()):
    return EvidenceFact(item_id, kind, status, order_type, frozenset(met))


def progress(facts, sufficiency=SUFFICIENCY):
    result = rules.achievement(CRITERIA, facts, sufficiency)
    return {c.code: c for c in result.criteria}, result


def test_knowledge_is_achieved_by_one_accepted_item_that_meets_it() -> None:
    by_code, _ = progress([fact(1, met={"K1"})])
    assert by_code["K1"].achieved


def test_a_claim_alone_achieves_nothing() -> None:
    by_code, result = progress([fact(1, status="submitted", met={"K1"})])
    assert not by_code["K1"].achieved
    assert result.achieved_count == 0


def test_marking_points_need_two_different_kinds() -> None:
    one_kind = [fact(1, met={"MP1"}), fact(2, met={"MP1"})]
    assert not progress(one_kind)[0]["MP1"].achieved
    two_kinds = [fact(1, met={"MP1"}), fact(2, "witness_testimony", met={"MP1"})]
    assert progress(two_kinds)[0]["MP1"].achieved


def test_sufficiency_is_configurable_per_unit() -> None:
    facts = [fact(1, met={"MP1"})]
    assert progress(facts, {"marking_point": 1})[0]["MP1"].achieved
    assert not progress(facts, {"marking_point": 3})[0]["MP1"].achieved


def test_missing_sufficiency_defaults_to_one_kind() -> None:
    assert progress([fact(1, met={"MP1"})], {})[0]["MP1"].achieved


def test_not_met_judgement_does_not_count() -> None:
    by_code, _ = progress([fact(1, met=set())])
    assert not by_code["K1"].achieved


def test_evidence_withdrawn_after_acceptance_counts_for_nothing() -> None:
    facts = [fact(1, status="withdrawn", order_type="standard", met={"K1", "R1"})]
    by_code, _ = progress(facts)
    assert not by_code["K1"].achieved
    assert not by_code["R1"].achieved


def test_iqa_send_back_reopens_so_the_item_no_longer_counts() -> None:
    # A send-back reopens the decision: the item is "submitted" again and its
    # reopened judgements are not in ``met`` any more.
    facts = [fact(1, status="submitted", order_type="urgent", met=set())]
    by_code, _ = progress(facts)
    assert not by_code["R3"].achieved


def test_range_type_with_only_returned_evidence_is_not_covered() -> None:
    facts = [fact(1, status="returned", order_type="bespoke", met={"R2"})]
    assert not progress(facts)[0]["R2"].achieved


def test_range_is_covered_by_accepted_evidence_of_each_order_type() -> None:
    facts = [
        fact(1, order_type="standard"),
        fact(2, order_type="bespoke"),
        fact(3, order_type="urgent"),
    ]
    by_code, result = progress(facts)
    assert all(by_code[c].achieved for c in ("R1", "R2", "R3"))
    assert result.range_covered == result.range_total == 3


def test_complete_needs_every_criterion() -> None:
    facts = [
        fact(1, order_type="standard", met={"MP1", "K1"}),
        fact(2, "witness_testimony", order_type="bespoke", met={"MP1"}),
        fact(3, order_type="urgent"),
    ]
    _, result = progress(facts)
    assert result.complete and result.missing() == ()
    rules.check_ready_for_signoff(result)
    _, partial = progress(facts[:2])
    assert not partial.complete and partial.missing() == ("R3",)
    with pytest.raises(ConflictError, match="R3"):
        rules.check_ready_for_signoff(partial)


def test_parse_sufficiency_ignores_junk() -> None:
    assert rules.parse_sufficiency('{"marking_point": 2, "x": "y"}') == {
        "marking_point": 2
    }
    assert rules.parse_sufficiency("not json") == {}
    assert rules.parse_sufficiency("[1]") == {}


CODES = {"MP1", "K1"}


def test_judgements_validate_decisions_feedback_and_outcome() -> None:
    rows, outcome, actions = rules.check_judgements(
        [("MP1", "met", " good "), ("K1", "not_met", "explain SPIN")],
        CODES,
        "return",
        "Add SPIN",
    )
    assert outcome == rules.Outcome.RETURN and actions == "Add SPIN"
    assert rows[0].feedback == "good"


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
    ],
)
def test_bad_judgements_name_the_field(rows, outcome, actions, field) -> None:
    with pytest.raises(ValidationError) as info:
        rules.check_judgements(rows, CODES, outcome, actions)
    assert info.value.field == field


def test_stale_version_is_a_conflict_with_the_agreed_message() -> None:
    rules.check_version(3, 3)
    with pytest.raises(ConflictError, match="Someone else saved a decision"):
        rules.check_version(3, 4)
    with pytest.raises(ConflictError):
        rules.check_version(None, 4)


def test_segregation_of_duties() -> None:
    rules.check_can_judge(1, 2, 3, [4])
    for args in [(2, 2, 3, []), (3, 2, 3, []), (4, 2, 3, [4])]:
        with pytest.raises(rules.SegregationError):
            rules.check_can_judge(*args)
    rules.check_can_sample(5, 1)
    with pytest.raises(rules.SegregationError):
        rules.check_can_sample(1, 1)


def test_sample_state_machine() -> None:
    assert rules.sample_transition("due", "agree") == rules.SampleState.AGREED
    assert rules.sample_transition("due", "send_back") == rules.SampleState.SENT_BACK
    for state in ("agreed", "sent_back"):
        for action in ("agree", "send_back"):
            with pytest.raises(ConflictError):
                rules.sample_transition(state, action)


def test_sampling_rate_and_selection() -> None:
    assert rules.effective_rate(None, False) == 100
    assert rules.effective_rate(10, True) == 100
    assert rules.effective_rate(10, False) == 10
    keys = [f"decision:{i}" for i in range(2000)]
    assert all(rules.selected_for_sampling(k, 100) for k in keys[:50])
    assert not any(rules.selected_for_sampling(k, 0) for k in keys[:50])
    picked = sum(rules.selected_for_sampling(k, 25) for k in keys)
    assert 400 < picked < 600  # about a quarter
    assert rules.selected_for_sampling("decision:7", 25) == rules.selected_for_sampling(
        "decision:7", 25
    )
    with pytest.raises(ValidationError):
        rules.check_rate(101)


@pytest.mark.parametrize(
    ("fraction", "today", "expected"),
    [
        (1.0, date(2027, 6, 1), rules.Rag.GREEN),
        (0.9, date(2027, 6, 1), rules.Rag.RED),  # past the planned end
        (0.5, date(2026, 7, 1), rules.Rag.GREEN),  # half the time, half done
        (0.35, date(2026, 7, 1), rules.Rag.AMBER),
        (0.1, date(2026, 7, 1), rules.Rag.RED),
        (0.0, date(2026, 1, 1), rules.Rag.GREEN),  # not started yet
    ],
)
def test_rag_against_planned_end(fraction, today, expected) -> None:
    assert rules.rag_status(fraction, date(2026, 1, 1), date(2027, 1, 1), today) == (
        expected
    )


def test_rag_without_dates_uses_progress_only() -> None:
    assert rules.rag_status(0.0, None, None, date(2026, 1, 1)) == rules.Rag.GREEN


def test_lock_and_reason_rules() -> None:
    rules.check_unlocked(False)
    with pytest.raises(ConflictError, match="signed off and is locked"):
        rules.check_unlocked(True)
    assert rules.check_reason("  wrong date ") == "wrong date"
    with pytest.raises(ValidationError):
        rules.check_reason(" ")
    with pytest.raises(ValidationError):
        rules.check_declared(False, "declared")

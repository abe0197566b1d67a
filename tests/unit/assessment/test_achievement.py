"""Achievement and sufficiency (pure)."""

from __future__ import annotations

import pytest

from portfolio.assessment.domain.achievement import (
    EvidenceFact,
    achievement,
    parse_sufficiency,
)
from portfolio.assessment.domain.signoff import check_ready_for_signoff
from portfolio.errors import ConflictError
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType


def spec(code, kind, order_type=None) -> CriterionSpec:
    return CriterionSpec(
        code,
        CriterionKind(kind),
        f"Text of {code}",
        "",
        0,
        OrderType(order_type) if order_type else None,
    )


CRITERIA = [
    spec("MP1", "marking_point"),
    spec("K1", "knowledge"),
    spec("R1", "range", "standard"),
    spec("R2", "range", "bespoke"),
    spec("R3", "range", "urgent"),
]
SUFFICIENCY = {"marking_point": 2, "knowledge": 1, "range": 1}


def fact(item_id, kind="work_product", status="accepted", order_type=None, met=()):
    return EvidenceFact(item_id, kind, status, order_type, frozenset(met))


def progress(facts, sufficiency=SUFFICIENCY):
    result = achievement(CRITERIA, facts, sufficiency)
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
    check_ready_for_signoff(result)
    _, partial = progress(facts[:2])
    assert not partial.complete and partial.missing() == ("R3",)
    with pytest.raises(ConflictError, match="R3"):
        check_ready_for_signoff(partial)


def test_parse_sufficiency_ignores_junk() -> None:
    assert parse_sufficiency('{"marking_point": 2, "x": "y"}') == {"marking_point": 2}
    assert parse_sufficiency("not json") == {}
    assert parse_sufficiency("[1]") == {}

"""The coverage matrix as a pure function."""

from __future__ import annotations

from portfolio.assessment.domain.coverage import CellState, ItemRef, build_matrix
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.domain.vocabulary import CriterionKind, OrderType


def CriterionRef(code, kind, text, order_type=None) -> CriterionSpec:  # noqa: N802
    """A criterion spec as the matrix reads it (guidance and order do not matter)."""
    return CriterionSpec(
        code,
        CriterionKind(kind),
        text,
        "",
        0,
        OrderType(order_type) if order_type else None,
    )


CRITERIA = [
    CriterionRef("MP1", "marking_point", "Accurate entry"),
    CriterionRef("MP2", "marking_point", "Confirms details"),
    CriterionRef("K1", "knowledge", "Sales process"),
    CriterionRef("R1", "range", "Standard", "standard"),
    CriterionRef("R3", "range", "Urgent", "urgent"),
]


def item(id_, status="draft", claims=(), order_type=None, tampered=False) -> ItemRef:
    return ItemRef(
        id_,
        f"Item {id_}",
        "work_product",
        status,
        order_type,
        frozenset(claims),
        tampered,
    )


def test_cells_show_claim_state_and_gaps_are_listed() -> None:
    m = build_matrix(
        CRITERIA,
        [item(1, "draft", {"MP1"}), item(2, "submitted", {"MP1", "R1"}, "standard")],
    )
    rows = {r.criterion.code: r for r in m.rows}
    assert [c.state for c in rows["MP1"].cells] == ["claimed", "submitted"]
    assert rows["MP1"].best == "submitted"
    assert [c.state for c in rows["MP2"].cells] == [None, None]
    assert m.gaps == ("MP2", "K1", "R3")
    assert dict(m.order_types) == {"standard": (2,), "bespoke": (), "urgent": ()}
    assert m.missing_order_types == ("bespoke", "urgent")


def test_decisions_plug_in_without_changing_the_function() -> None:
    m = build_matrix(
        CRITERIA,
        [item(1, "submitted", {"MP1", "MP2"})],
        decisions={(1, "MP1"): "met", (1, "MP2"): "not_met"},
    )
    rows = {r.criterion.code: r for r in m.rows}
    assert rows["MP1"].cells[0].state == "met" and rows["MP1"].achieved
    assert rows["MP2"].cells[0].state == "not_met" and not rows["MP2"].achieved
    assert not rows["MP2"].gap


def test_withdrawn_items_are_left_out_and_accepted_counts_as_achieved() -> None:
    m = build_matrix(
        CRITERIA, [item(1, "withdrawn", {"K1"}, "urgent"), item(2, "accepted", {"K1"})]
    )
    assert [i.id for i in m.items] == [2]
    k1 = next(r for r in m.rows if r.criterion.code == "K1")
    assert k1.achieved and dict(m.order_types)["urgent"] == ()


def test_no_items_means_every_criterion_is_a_gap() -> None:
    m = build_matrix(CRITERIA, [])
    assert m.gaps == tuple(c.code for c in CRITERIA) and m.items == ()


def test_range_rows_follow_the_items_order_type() -> None:
    criteria = [
        CriterionRef("R2", "range", "A bespoke order", "bespoke"),
        CriterionRef("R3", "range", "An urgent order", "urgent"),
    ]
    item = ItemRef(
        1, "Bespoke desk order", "work_product", "accepted", "bespoke", frozenset()
    )
    m = build_matrix(criteria, [item])
    assert [r.best for r in m.rows] == ["accepted", None]
    assert m.gaps == ("R3",)


def test_cells_carry_their_label() -> None:
    m = build_matrix(CRITERIA, [item(1, "submitted", {"MP1"})], {(1, "MP1"): "not_met"})
    cell = m.rows[0].cells[0]
    assert cell.state == CellState.NOT_MET and cell.state.label == "Not yet met"
    assert m.rows[0].best.label == "Not yet met"
    assert [t.label for t in m.missing_order_types] == ["Standard", "Bespoke", "Urgent"]


def test_summary_states_counts_and_range_drafts_are_claimed_only() -> None:
    from portfolio.assessment.domain.coverage import CoverageState, coverage_summary

    m = build_matrix(
        CRITERIA,
        [
            item(1, "draft", {"MP1"}, "urgent"),
            item(2, "submitted", {"MP1"}, "standard"),
            item(3, "returned", {"K1"}),
            item(4, "accepted", {"MP1"}),
        ],
        decisions={(4, "MP1"): "met"},
    )
    groups = dict(coverage_summary(m))
    rows = {r.criterion.code: r for rs in groups.values() for r in rs}
    assert rows["MP1"].state == CoverageState.MET
    assert rows["MP1"].counts == (
        (CoverageState.MET, 1),
        (CoverageState.SUBMITTED, 1),
        (CoverageState.CLAIMED, 1),
    )
    assert rows["MP2"].state == CoverageState.GAP and rows["MP2"].items == ()
    assert rows["K1"].state == CoverageState.RETURNED
    assert rows["R3"].state == CoverageState.CLAIMED  # a draft never covers range
    assert rows["R1"].state == CoverageState.SUBMITTED
    assert list(groups) == ["marking_point", "knowledge", "range"]


def test_summary_filters_by_order_type_and_state() -> None:
    from portfolio.assessment.domain.coverage import CoverageState, coverage_summary

    m = build_matrix(CRITERIA, [item(1, "submitted", {"MP1"}, "urgent")])
    urgent = {
        r.criterion.code: r
        for _, rs in coverage_summary(m, order_type="urgent")
        for r in rs
    }
    assert urgent["MP1"].state == CoverageState.SUBMITTED
    standard = {
        r.criterion.code: r
        for _, rs in coverage_summary(m, order_type="standard")
        for r in rs
    }
    assert standard["MP1"].state == CoverageState.GAP
    gaps = [
        r.criterion.code for _, rs in coverage_summary(m, states=["gap"]) for r in rs
    ]
    assert gaps == ["MP2", "K1", "R1"]


def test_audit_sentences_and_details_are_words_not_codes() -> None:
    from portfolio.assessment.domain.audit_sentences import (
        kind_of,
        readable_details,
        sentence,
    )

    assert sentence("testimony.signed", {}) == "signed the witness testimony {obj}"
    assert sentence("assessment.decided", {"outcome": "return"}).startswith("returned")
    assert sentence("widget.spun_round", {}) == "spun round (widget)"
    assert kind_of("iqa.agreed") == "iqa" and kind_of("auth.login") == "other"
    details = readable_details(
        {"judgements": {"MP1": "met", "K1": "not_met"}, "item": 3, "version": 2}
    )
    assert [(d.label, d.value) for d in details] == [
        ("Criteria", "K1: not yet met, MP1: met"),
        ("Version", "2"),
    ]


def test_the_units_verdict_makes_accepted_evidence_met_or_partly_met() -> None:
    from portfolio.assessment.domain.coverage import CoverageState, coverage_summary

    m = build_matrix(
        CRITERIA,
        [item(1, "accepted", {"MP1", "MP2"}), item(2, "submitted", {"K1"})],
        decisions={(1, "MP1"): "met", (1, "MP2"): "met"},
    )

    def states(**kw):  # type: ignore[no-untyped-def]
        return {
            r.criterion.code: r.state for _, rs in coverage_summary(m, **kw) for r in rs
        }

    unknown = states()  # no verdict: the items' states alone
    assert unknown["MP1"] == unknown["MP2"] == CoverageState.MET
    judged = states(achieved={"MP2", "R3"})
    assert judged["MP1"] == CoverageState.PART_MET  # accepted, not yet enough kinds
    assert judged["MP2"] == CoverageState.MET
    assert judged["K1"] == CoverageState.SUBMITTED  # a verdict never downgrades these
    assert judged["R3"] == CoverageState.MET  # achieved by what the matrix lacks
    assert states(achieved={"MP2"}, states=["part_met"]).keys() == {"MP1"}
    # one order type's evidence alone: no verdict on the whole unit
    assert states(achieved=set(), order_type="standard")["MP1"] != (
        CoverageState.PART_MET
    )
    assert CoverageState.PART_MET.label == "Partly met"

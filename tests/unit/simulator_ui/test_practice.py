"""Adaptive practice: the plan targets the most frequent recent finding."""

from __future__ import annotations

from portfolio.simulator.domain.practice import PastRun, plan_practice

STOCK = "MP4.stock-before-confirm"
CALLER = "MP4.identity-check"


def _plan(*runs: PastRun):  # type: ignore[no-untyped-def]
    return plan_practice(list(runs), max_seed=9999)


def test_targets_the_finding_seen_most_in_the_last_three_runs() -> None:
    plan = _plan(
        PastRun(1, "urgent", (CALLER,)),
        PastRun(2, "standard", (STOCK, CALLER)),
        PastRun(3, "bespoke", ()),
        PastRun(4, "standard", (STOCK,)),
    )
    assert plan.rule == STOCK
    assert plan.complications == ("stock_shortage",)
    assert plan.order_type == "standard"
    assert plan.reason == "because you skipped stock checks in 2 of your last 3 runs"


def test_runs_older_than_the_window_do_not_count() -> None:
    plan = _plan(
        PastRun(1, "urgent", (CALLER,)),
        PastRun(2, "urgent", (CALLER,)),
        PastRun(3, "standard", (STOCK,)),
        PastRun(4, "standard", ()),
        PastRun(5, "standard", ()),
    )
    assert plan.rule == STOCK and "1 of your last 3" in plan.reason


def test_a_tie_goes_to_the_most_recent_finding() -> None:
    plan = _plan(PastRun(1, "urgent", (CALLER,)), PastRun(2, "bespoke", (STOCK,)))
    assert plan.rule == STOCK and plan.order_type == "bespoke"


def test_the_same_history_gives_the_same_plan() -> None:
    runs = (PastRun(7, "standard", (STOCK,)), PastRun(9, "urgent", (CALLER,)))
    assert _plan(*runs) == _plan(*runs)
    assert 0 <= _plan(*runs).seed <= 9999


def test_no_findings_suggests_a_harder_run_and_no_history_an_easy_one() -> None:
    assert _plan(PastRun(1, "urgent", ())).difficulty == "hard"
    first = _plan()
    assert first.difficulty == "easy" and first.complications == ()
    assert first.reason.startswith("because")


def test_every_target_names_a_real_complication() -> None:
    from portfolio.simulator.domain import COMPLICATIONS
    from portfolio.simulator.domain.practice import TARGETS

    for complications, phrase in TARGETS.values():
        assert set(complications) <= set(COMPLICATIONS), complications
        assert phrase and "_" not in phrase

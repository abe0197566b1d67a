"""Presenters of the simulator pages: charts from progress figures, flash messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator import domain as engine
from portfolio.simulator.presenters.messages import entry_messages
from portfolio.simulator.presenters.progress import progress_charts
from portfolio.simulator.services.progress import (
    Progress,
    ProgressSummary,
    RunFigures,
)


def _figures(run_id: int, order_type: OrderType, ftr: bool) -> RunFigures:
    return RunFigures(
        run_id=run_id,
        order_type=order_type,
        all_met=ftr,
        first_time_right=ftr,
        errors=0 if ftr else 2,
        handling_minutes=30,
        follow_up_timeliness=None,
        converted=True,
        order_value=Decimal("120.50"),
        finished=date(2026, 7, 20 + run_id),
        points=(("MP1", True), ("MP2", ftr), ("MP3", True), ("MP4", ftr)),
        failed_rules=() if ftr else ("MP4.stock-before-confirm",),
    )


def test_progress_charts_label_order_types_and_runs() -> None:
    runs = (_figures(1, OrderType.STANDARD, True), _figures(2, OrderType.URGENT, False))
    summary = ProgressSummary(2, 0, 50.0, 1.0, 30, None, Decimal("120.50"), 100.0, 1)
    by_type = {OrderType.STANDARD: 1, OrderType.BESPOKE: 0, OrderType.URGENT: 1}
    charts = progress_charts(Progress(runs, summary, by_type, (OrderType.BESPOKE,)))
    assert set(charts) == {"by_type", "points", "errors", "handling", "value"}
    assert "Standard: 1; Bespoke: 0; Urgent: 1." in charts["by_type"]
    # dated runs, marking points out of four
    assert "21 Jul: 4; 22 Jul: 2." in charts["points"]
    assert "22 Jul: £120" in charts["value"]
    assert 'font-size="14"' in charts["points"]  # legible when scaled to a phone


def test_recurring_findings_rank_by_runs_and_link_each_run() -> None:
    from portfolio.simulator.services.progress import recurring_findings

    runs = (
        _figures(1, OrderType.STANDARD, False),
        _figures(2, OrderType.URGENT, True),
        _figures(3, OrderType.URGENT, False),
    )
    (top,) = recurring_findings(runs)
    assert top.rule == "MP4.stock-before-confirm"
    assert [r.run_id for r in top.runs] == [3, 1]  # newest first
    assert top.instead.startswith("Check stock")


def test_entry_messages_explain_a_refusal_and_report_an_outcome() -> None:
    refused = engine.LogEntry(1, 0, "submit_order", {}, False, ("No lines yet.",))
    assert entry_messages(refused) == [
        (
            "error",
            f"{engine.ACTION_KINDS['submit_order'].label}: not done. No lines yet.",
        )
    ]
    done = engine.LogEntry(
        2, 5, "read_brief", {}, True, (), ("Check the date.",), {"message": "Read."}
    )
    assert [c for c, _ in entry_messages(done)] == ["success", "info", "warning"]

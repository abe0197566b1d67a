"""The progress page's charts, drawn from a learner's run figures."""

from __future__ import annotations

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain import COMPLICATION_DEFS
from portfolio.simulator.presenters.charts import Point, bar_chart, line_chart
from portfolio.simulator.services import Progress
from portfolio.simulator.services.progress import RunFigures


def progress_charts(progress: Progress) -> dict[str, str]:
    """The SVG charts of the progress page, keyed by the figure they show."""
    runs = progress.runs
    labels = [run_label(i, r) for i, r in enumerate(runs, start=1)]
    pairs = list(zip(labels, runs, strict=True))
    return {
        "points": line_chart(
            [Point(lab, float(sum(met for _, met in r.points))) for lab, r in pairs],
            title="Marking points met (of 4), run by run",
            y_max=4,
        ),
        "by_type": bar_chart(
            [Point(t.label, progress.by_type.get(t, 0)) for t in OrderType],
            title="Scenarios completed by type",
        ),
        "errors": line_chart(
            [Point(lab, r.errors) for lab, r in pairs],
            title="Errors per order, run by run",
        ),
        "handling": line_chart(
            [Point(lab, r.handling_minutes) for lab, r in pairs],
            title="Simulated handling time in minutes, run by run",
        ),
        "value": bar_chart(
            [Point(lab, float(r.order_value)) for lab, r in pairs],
            title="Order value, run by run",
            unit="£",
        ),
    }


def run_label(number: int, run: RunFigures) -> str:
    """A run on a chart axis: its finishing date ("27 Jul"), else its number."""
    return f"{run.finished.day} {run.finished:%b}" if run.finished else f"Run {number}"


def complication_titles() -> dict[str, str]:
    """Each complication's title as it reads mid-sentence ("a stock shortage")."""
    return {d.id: d.title[0].lower() + d.title[1:] for d in COMPLICATION_DEFS}

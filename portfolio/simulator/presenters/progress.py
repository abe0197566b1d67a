"""The progress page's charts, drawn from a learner's run figures."""

from __future__ import annotations

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.presenters.charts import Point, bar_chart, line_chart
from portfolio.simulator.services import Progress


def progress_charts(progress: Progress) -> dict[str, str]:
    """The SVG charts of the progress page, keyed by the figure they show."""
    runs = progress.runs
    labels = [f"#{i}" for i in range(1, len(runs) + 1)]
    pairs = list(zip(labels, runs, strict=True))
    return {
        "by_type": bar_chart(
            [Point(t.label, progress.by_type.get(t, 0)) for t in OrderType],
            title="Scenarios completed by type",
        ),
        "first_time_right": line_chart(
            [Point(lab, 100.0 if r.first_time_right else 0.0) for lab, r in pairs],
            title="First time right, run by run",
            unit="%",
            y_max=100,
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

"""Server-side SVG charts for the progress dashboard (pure: strings in, SVG out).

Charts use presentation attributes only (no inline styles), so they pass the strict CSP,
and carry a <title> and <desc> so screen readers get the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 400, 230  # narrow: 14 px labels stay legible at 390 px
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 16, 40
INK, GRID, BRAND = "#0b0c0c", "#b1b4b6", "#1d4f91"


@dataclass(frozen=True)
class Point:
    """One labelled value."""

    label: str
    value: float


def _fmt(value: float, unit: str) -> str:
    """Format an axis or data value."""
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "£":
        return f"£{value:,.0f}"
    return f"{value:g}{unit}"


def _scale(points: Sequence[Point], y_max: float | None) -> float:
    """The y-axis top: ``y_max``, or the maximum rounded up to 1, 2, 2.5 or 5 x 10^k."""
    if y_max is not None:
        return float(y_max)
    top = max((p.value for p in points), default=0.0)
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return float(step * magnitude)
    return float(top)


def _frame(title: str, desc: str, body: list[str], top: float, unit: str) -> str:
    """Wrap chart marks with axes, gridlines and accessible text."""
    plot_h = HEIGHT - TOP - BOTTOM
    grid = []
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        grid.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        grid.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="14" fill="{INK}">{escape(_fmt(top * i / 4, unit))}</text>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        + "".join(grid)
        + "".join(body)
        + "</svg>"
    )


def _x_positions(n: int) -> list[float]:
    """Evenly spaced x centres for n marks."""
    plot_w = WIDTH - LEFT - RIGHT
    return [LEFT + plot_w * (i + 0.5) / n for i in range(n)]


def _x_labels(points: Sequence[Point], xs: list[float]) -> list[str]:
    """Category labels under the axis (thinned when crowded)."""
    every = max(1, math.ceil(len(points) / 5))
    return [
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
        f'font-size="14" fill="{INK}">{escape(p.label)}</text>'
        for i, (p, x) in enumerate(zip(points, xs, strict=False))
        if i % every == 0
    ]


def _describe(points: Sequence[Point], unit: str) -> str:
    """The data as a sentence for assistive technology."""
    if not points:
        return "No data yet."
    return "; ".join(f"{p.label}: {_fmt(p.value, unit)}" for p in points) + "."


def line_chart(
    points: Sequence[Point], *, title: str, unit: str = "", y_max: float | None = None
) -> str:
    """A line with dots, one per point, in order."""
    top = _scale(points, y_max)
    plot_h = HEIGHT - TOP - BOTTOM
    xs = _x_positions(max(len(points), 1))
    ys = [TOP + plot_h - plot_h * min(p.value, top) / top for p in points]
    body = []
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=False))
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{BRAND}" '
            f'stroke-width="2.5"/>'
        )
    body += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BRAND}"/>'
        for x, y in zip(xs, ys, strict=False)
    ]
    body += _x_labels(points, xs)
    return _frame(title, _describe(points, unit), body, top, unit)


def bar_chart(
    points: Sequence[Point], *, title: str, unit: str = "", y_max: float | None = None
) -> str:
    """Vertical bars with their value on top."""
    top = _scale(points, y_max)
    plot_h = HEIGHT - TOP - BOTTOM
    xs = _x_positions(max(len(points), 1))
    width = min(48.0, (WIDTH - LEFT - RIGHT) / max(len(points), 1) * 0.6)
    body = []
    for p, x in zip(points, xs, strict=False):
        h = plot_h * min(p.value, top) / top
        body.append(
            f'<rect x="{x - width / 2:.1f}" y="{TOP + plot_h - h:.1f}" '
            f'width="{width:.1f}" height="{h:.1f}" fill="{BRAND}"/>'
        )
        body.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h - h - 4:.1f}" '
            f'text-anchor="middle" font-size="14" fill="{INK}">'
            f"{escape(_fmt(p.value, unit))}</text>"
        )
    body += _x_labels(points, xs)
    return _frame(title, _describe(points, unit), body, top, unit)

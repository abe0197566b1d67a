"""SVG charts: valid XML, accessible text, escaped labels, scaled marks."""

from xml.etree import ElementTree

from portfolio.simulator.presenters.charts import Point, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_line_chart_has_one_dot_per_point_and_describes_the_data() -> None:
    points = [Point("Run 1", 50), Point("Run 2", 75), Point("Run 3", 100)]
    root = _parse(line_chart(points, title="First-time right", unit="%", y_max=100))
    assert root.get("role") == "img"
    assert len(root.findall(f"{NS}circle")) == 3
    assert root.find(f"{NS}title").text == "First-time right"
    assert "Run 2: 75%" in root.find(f"{NS}desc").text
    ys = [float(c.get("cy")) for c in root.findall(f"{NS}circle")]
    assert ys[0] > ys[1] > ys[2], "higher values are drawn higher"


def test_bar_chart_heights_are_proportional() -> None:
    root = _parse(bar_chart([Point("Standard", 2), Point("Bespoke", 4)], title="Done"))
    heights = [float(r.get("height")) for r in root.findall(f"{NS}rect")]
    assert abs(heights[1] - 2 * heights[0]) < 0.5


def test_labels_are_escaped_and_empty_data_is_fine() -> None:
    svg = bar_chart([Point("<script>", 1)], title="<b>x</b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = _parse(line_chart([], title="Nothing"))
    assert root.find(f"{NS}desc").text == "No data yet."

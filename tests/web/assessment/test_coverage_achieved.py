"""Coverage, dashboard and PDF count a criterion "met" alike: when it is achieved.

The unit asks for two kinds of accepted evidence for a marking point. One accepted
reflection for MP1 is "Partly met", not "Met", on the coverage page and in the PDF
matrix, and no page counts it as met; a second kind makes it met everywhere.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from portfolio.auth.models import User
from portfolio.exports.services.report import build_report
from portfolio.extensions import db
from tests.conftest import login
from tests.integration.assessment.helpers import accept, seed, submitted

LEAD = re.compile(r"(\d+) of (\d+) criteria met")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _world(app) -> None:  # type: ignore[no-untyped-def]
    """One accepted reflection claiming MP1 (a standard order, so R1 is met too)."""
    with app.app_context():
        s = db.session
        people = seed(s)
        accept(s, people["assessor"], submitted(s, people["learner"], ("MP1",)))
        s.commit()


def _second_kind(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        s = db.session
        learner, assessor = (
            s.scalars(select(User).where(User.email == f"{r}@test.example")).one()
            for r in ("learner", "assessor")
        )
        accept(s, assessor, submitted(s, learner, ("MP1",), kind="observation"))
        s.commit()


def _counts(client) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """The learner's met count on the dashboard and on coverage, and MP1's row."""
    dashboard = _text(client.get("/dashboard").get_data(as_text=True))
    coverage = _text(client.get("/assessment/coverage").get_data(as_text=True))
    row = re.search(r"MP1 .{0,200}?(Partly met|Met|Submitted)", coverage)
    assert row, coverage
    return LEAD.search(dashboard).group(1), LEAD.search(coverage).group(1), row[1]


def _pdf_matrix(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        learner = db.session.scalars(
            select(User).where(User.email == "learner@test.example")
        ).one()
        report = build_report(
            db.session, learner.id, actor=learner, storage_root=app.instance_path,
            centre="Test Centre",
        )  # fmt: skip
        return {row.code: row.state for row in report.matrix} | {
            "status": report.cover.status
        }


def test_one_kind_of_two_is_partly_met_everywhere_and_counted_nowhere(app) -> None:
    _world(app)
    client = app.test_client()
    login(client, "learner@test.example")
    assert _counts(client) == ("1", "1", "Partly met")  # R1 is the one met
    filtered = _text(
        client.get("/assessment/coverage?state=part_met").get_data(as_text=True)
    )
    assert "MP1" in filtered and "R1 " not in filtered
    pdf = _pdf_matrix(app)
    assert pdf["MP1"] == "part_met" and pdf["R1"] == "met"
    assert "1 of 12 criteria achieved" in pdf["status"]


def test_a_second_kind_makes_it_met_on_every_page(app) -> None:
    _world(app)
    _second_kind(app)
    client = app.test_client()
    login(client, "learner@test.example")
    assert _counts(client) == ("2", "2", "Met")
    pdf = _pdf_matrix(app)
    assert pdf["MP1"] == "met" and "2 of 12 criteria achieved" in pdf["status"]

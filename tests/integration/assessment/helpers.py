"""Builders for the assessment tests: submitted evidence and decisions."""

from __future__ import annotations

from portfolio.assessment import services
from portfolio.evidence import services as evidence
from tests.integration.evidence.helpers import details, seed

__all__ = ["accept", "complete_portfolio", "judge", "seed", "submitted"]


def submitted(
    session,
    learner,
    codes=("K1",),
    *,
    kind: str = "reflection",
    order_type: str | None = "standard",
    title: str = "Evidence",
):
    """A learner's item, mapped to ``codes`` and submitted."""
    extra = {"data": {"what_happened": "x"}} if kind == "reflection" else {"body": "x"}
    item = evidence.create_item(
        session,
        actor=learner,
        kind=kind,
        details=details(title, order_type=order_type),
        **extra,
    )
    evidence.set_claims(
        session, item.id, {c: f"shows {c}" for c in codes}, actor=learner
    )
    evidence.submit_item(session, item.id, actor=learner)
    return item


def judge(session, assessor, item, decisions=None, outcome="accept", actions=""):
    """Decide every claimed criterion (met unless ``decisions`` says otherwise)."""
    session.refresh(item)
    codes = [c.criterion.code for c in item.current.claims]
    decisions = decisions or {c: "met" for c in codes}
    rows = [(c, d, "" if d == "met" else f"more on {c}") for c, d in decisions.items()]
    return services.judge_item(
        session,
        item.id,
        actor=assessor,
        rows=rows,
        outcome=outcome,
        actions=actions,
        expected_version=item.version_id,
    )


def accept(session, assessor, item):
    """Accept with every claimed criterion met."""
    return judge(session, assessor, item)


MPS = ("MP1", "MP2", "MP3", "MP4")
KS = ("K1", "K2", "K3", "K4", "K5")


def complete_portfolio(session, learner, assessor) -> list:
    """Accepted evidence that achieves every criterion and the range."""
    items = [
        submitted(session, learner, MPS + KS, order_type="standard", title="A"),
        submitted(session, learner, MPS, kind="observation", order_type="bespoke"),
        submitted(session, learner, ("R3",), order_type="urgent", title="C"),
    ]
    for item in items:
        accept(session, assessor, item)
    return items

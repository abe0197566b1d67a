"""Helpers shared by the complication generators."""

from __future__ import annotations

from portfolio.simulator.domain.company.catalogue import Product
from portfolio.simulator.domain.scenarios.draft import Draft, is_stock_item
from portfolio.simulator.domain.scenarios.model import ComplicationFacts, RequiredIssue


def note_complication(
    d: Draft,
    cid: str,
    variant: str,
    summary: str,
    handling: str,
    clause: str,
    *keys: str,
) -> None:
    """Record the complication, with its key facts, in the truth."""
    ref = d.company.policy.ref(clause)
    facts = ComplicationFacts(cid, variant, summary, handling, ref, keys)
    d.complications.append(facts)


def require_issue(d: Draft, issue_type: str, cid: str) -> None:
    """Require an issue record of ``issue_type`` (policy 8.3)."""
    d.issues.append(RequiredIssue(issue_type, cid, d.company.policy.ref("issue_log")))


def substitute(d: Draft, product: Product) -> Product | None:
    """A usable in-stock substitute of ``product`` not already on the order."""
    used = d.used()
    for code in product.substitutes:
        sub = d.company.product(code)
        if sub and is_stock_item(sub) and code not in used:
            return sub
    return None


def weekday(d: Draft, day: int) -> int:
    """``day``, moved forward off a weekend or bank holiday."""
    return d.working_day(day)

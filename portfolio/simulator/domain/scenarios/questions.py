"""Which questions fit an order, and which still find out something new.

The bank is tagged by product category (a question about bays or artwork does not
fit an order of chairs) and by what each answer reveals; a question that does not
fit gets a natural "not relevant" answer and counts as noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.company.model import Company, Question
from portfolio.simulator.domain.scenarios.model import Scenario

NOT_RELEVANT = (
    "Sorry, I'm not sure that applies - we're only ordering {what}.",
    "That doesn't really come into it for us; it's just {what} this time.",
    "I don't think that's relevant to this order, to be honest - it's {what}.",
)


@dataclass(frozen=True)
class QuestionFit:
    """A question of the bank as it stands for this order."""

    question: Question
    fits: bool
    unknown: bool  # its answer reveals something not yet revealed


def order_categories(company: Company, scenario: Scenario) -> set[str]:
    """The catalogue categories of the goods on the order (and ``bespoke``)."""
    out = set()
    for line in scenario.truth.lines:
        product = company.product(line.code)
        if product and product.kind is not ProductKind.SERVICE:
            out.add(product.category)
            if product.kind is ProductKind.MADE_TO_ORDER:
                out.add("bespoke")
    return out


def _option_topics(company: Company, scenario: Scenario) -> set[str]:
    """Option topics of the made-to-order items on the order."""
    return {
        f"option:{o.topic}"
        for line in scenario.truth.lines
        if (p := company.product(line.code)) and p.kind is ProductKind.MADE_TO_ORDER
        for o in p.options
    }


def fits(company: Company, scenario: Scenario, question: Question) -> bool:
    """Whether ``question`` makes sense for this order."""
    if question.categories and not set(question.categories) & order_categories(
        company, scenario
    ):
        return False
    options = [r for r in question.reveals if r.startswith("option:")]
    if options and len(options) == len(question.reveals):
        return bool(set(options) & _option_topics(company, scenario))
    return True


def bank_for(
    company: Company, scenario: Scenario, revealed: set[str]
) -> tuple[QuestionFit, ...]:
    """The bank for this order: fitting questions first, then the rest (SPIN kept)."""
    rows = [
        QuestionFit(
            q, fits(company, scenario, q), any(r not in revealed for r in q.reveals)
        )
        for q in company.questions
    ]
    return tuple(sorted(rows, key=lambda r: (not r.fits, not r.unknown)))


def not_relevant(company: Company, scenario: Scenario, key: str) -> str:
    """A natural answer to a question that does not fit the order."""
    names = [
        company.product(ln.code)
        for ln in scenario.truth.lines
        if (p := company.product(ln.code)) and p.kind is not ProductKind.SERVICE
    ]
    cats = {p.category for p in names if p}
    what = " and ".join(sorted(c.replace("_", " ") for c in cats)) or "standard items"
    return Random(key).choice(NOT_RELEVANT).format(what=what)

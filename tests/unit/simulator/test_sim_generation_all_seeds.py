"""Every (type, difficulty, seed) for seeds 0-9,999 generates a consistent scenario.

Issue 19: one drawn complication variant did not fit the drawn order (a stock
shortage "substitute" for a product whose only substitute was already on the order)
and generation raised ``AssertionError``. A variant that does not fit is now never
chosen; these tests hold that for the whole seed range, and check each scenario
against the catalogue and the calendar.
"""

from __future__ import annotations

from datetime import date, datetime
from random import Random

import pytest

from portfolio.framework.domain.vocabulary import OrderType
from portfolio.simulator.domain import (
    Company,
    Scenario,
    ScenarioSpec,
    generate_scenario,
)
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.scenarios import generation
from portfolio.simulator.domain.scenarios.complications.registry import (
    BY_ID,
    choose,
    fitting_variant,
)
from portfolio.simulator.domain.scenarios.draft import Draft

SEEDS = range(10_000)
LEVELS = ("easy", "medium", "hard")


def _problems(company: Company, sc: Scenario) -> list[str]:
    """Everything inconsistent about one scenario (empty when it is sound)."""
    return _product_problems(company, sc) + _date_problems(company, sc)


def _product_problems(company: Company, sc: Scenario) -> list[str]:
    """Lines, substitutes and stock overrides that name no orderable product."""
    t, out = sc.truth, []
    for line in t.lines:
        product = company.product(line.code)
        if product is None:
            out.append(f"line {line.code} is not in the catalogue")
        elif product.discontinued:
            out.append(f"line {line.code} is discontinued")
        else:
            out += [
                f"{line.code} names a missing substitute {code}"
                for code in product.substitutes
                if company.product(code) is None
            ]
    shortage = t.complication("stock_shortage")
    if shortage and shortage.variant == "substitute":
        sub = shortage.key_facts[-1]
        if sub not in {ln.code for ln in t.lines}:
            out.append(f"the agreed substitute {sub} is not on the order")
    wrong = t.complication("wrong_product_code")
    if wrong:
        quoted = company.product(wrong.key_facts[0])
        gone = wrong.variant == "discontinued"
        if quoted is None or quoted.discontinued is not gone:
            out.append(f"the quoted code {wrong.key_facts[0]} does not fit {wrong}")
    out += [
        f"stock override for unknown {code}"
        for code in sc.stock_overrides
        if company.product(code) is None
    ]
    return out


def _date_problems(company: Company, sc: Scenario) -> list[str]:
    """The requested date after the start, on a weekday, and in time to be met."""
    t, out = sc.truth, []
    start = datetime.fromisoformat(sc.start)
    wanted = date.fromisoformat(t.requested_date)
    if wanted <= start.date():
        out.append(f"requested date {wanted} is not after the start {start}")
    if wanted.weekday() >= 5:
        out.append(f"requested date {wanted} is a weekend")
    if t.as_requested and date.fromisoformat(t.as_requested.requested_date) > wanted:
        out.append("the customer first asked for a later date than was agreed")
    if sc.type is not OrderType.URGENT:
        made = [
            p.lead_time_days
            for ln in t.lines
            if (p := company.product(ln.code)) and p.kind is ProductKind.MADE_TO_ORDER
        ]
        if made and (wanted - start.date()).days < max(made):
            out.append(f"requested date {wanted} is inside the production lead time")
    out += [
        f"event {e.id} is scheduled before its trigger"
        for e in sc.events
        if e.offset_minutes < 0
    ]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", [t.value for t in OrderType])
def test_every_seed_generates_a_consistent_scenario(
    company: Company, kind: str, level: str
) -> None:
    failures: dict[int, list[str] | str] = {}
    for seed in SEEDS:
        try:
            sc = generate_scenario(company, ScenarioSpec(kind, level, seed))
        except Exception as exc:  # noqa: BLE001 - report every failing seed at once
            failures[seed] = repr(exc)
            continue
        if problems := _problems(company, sc):
            failures[seed] = problems
    assert not failures, dict(list(failures.items())[:10])


def test_issue_19_a_shortage_never_offers_a_missing_substitute(
    company: Company,
) -> None:
    # Issue 19 was seed 5259 of bespoke/hard; the draw moved when the unknown-sender
    # variant was added, so sweep the neighbourhood for the same situation.
    refitted = 0
    for seed in range(5200, 5320):
        sc = generate_scenario(company, ScenarioSpec("bespoke", "hard", seed))
        shortage = sc.truth.complication("stock_shortage")
        if shortage is None:
            continue
        assert _problems(company, sc) == [], seed
        if shortage.variant == "substitute":
            assert len(shortage.key_facts) == 2, seed  # the substitute is named
        else:
            refitted += 1
    assert refitted


def test_a_variant_that_fits_is_kept_and_draws_nothing(company: Company) -> None:
    draft = _draft(company, ScenarioSpec("standard", "easy", 3, ("stock_shortage",)))
    state = draft.rng.getstate()
    assert fitting_variant(draft, "stock_shortage", "later_date") == "later_date"
    assert draft.rng.getstate() == state


def test_a_variant_that_does_not_fit_is_replaced_by_one_that_does(
    company: Company,
) -> None:
    draft = _draft(company, ScenarioSpec("urgent", "easy", 1, ("stock_shortage",)))
    product = draft.product(draft.claimed("stock_shortage").code)
    for code in product.substitutes:  # every substitute is already on the order
        draft.add_line(draft.product(code), qty=1)
    assert not BY_ID["stock_shortage"].fits(draft, "substitute")
    assert fitting_variant(draft, "stock_shortage", "substitute") == "part_ship"


def _draft(company: Company, spec: ScenarioSpec) -> Draft:
    """A generation draft with the spec's complications claimed."""
    kind, level = generation._parse(spec)
    rng = Random(f"{kind.value}:{level.value}:{spec.seed}")
    picks = choose(rng, kind, level, spec.complications)
    d = generation._start(company, kind, rng, picks)
    generation._base_lines(d)
    for cid, variant in picks:
        BY_ID[cid].claim(d, variant)
    return d

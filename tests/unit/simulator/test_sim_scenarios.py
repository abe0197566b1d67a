"""Scenario generation: types, difficulty, complications, briefs, truth, round-trips."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest

from portfolio.errors import ValidationError
from portfolio.simulator.domain import (
    COMPLICATIONS,
    Scenario,
    ScenarioSpec,
    generate_scenario,
)
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.run_state import RunState
from portfolio.simulator.domain.engine.stock import check_line
from portfolio.simulator.domain.order.approvals import required_approvals
from portfolio.simulator.domain.order.model import Order, OrderLine, Priority

TEN = ("stock_shortage", "wrong_product_code", "ambiguous_requirement", "address_differs",
       "credit_problem", "discount_over_authority", "unauthorised_caller", "quantity_change",
       "supplier_delay", "delivery_query")
TYPES, LEVELS = ("standard", "bespoke", "urgent"), ("easy", "medium", "hard")


def test_all_ten_complications_exist():
    assert set(COMPLICATIONS) == set(TEN)


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("level", LEVELS)
def test_generation_is_repeatable_and_round_trips(company, kind, level):
    for seed in range(8):
        spec = ScenarioSpec(kind, level, seed)
        first, second = generate_scenario(company, spec), generate_scenario(company, spec)
        assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(
            second.to_dict(), sort_keys=True)
        data = json.loads(json.dumps(first.to_dict()))
        assert Scenario.from_dict(data) == first


def test_difficulty_decides_how_many_complications(sim):
    counts = {level: {len(sim.scenario("standard", level, s).complications)
                      for s in range(30)} for level in LEVELS}
    assert counts == {"easy": {1}, "medium": {2}, "hard": {3}}
    hard = Counter(c for s in range(60) for c in sim.scenario("urgent", "hard", s).complications)
    assert hard["credit_problem"] + hard["unauthorised_caller"] >= 60
    easy = {c for s in range(60) for c in sim.scenario("standard", "easy", s).complications}
    assert not easy & {"credit_problem", "unauthorised_caller", "discount_over_authority"}


def test_every_complication_is_drawn_for_every_type(sim):
    for kind in TYPES:
        seen = {c for level in LEVELS for s in range(40)
                for c in sim.scenario(kind, level, s).complications}
        assert seen == set(TEN), kind


def test_explicit_complications_override_the_draw(sim):
    sc = sim.scenario("bespoke", "easy", 3, ("credit_problem", "supplier_delay"))
    assert sc.complications == ("credit_problem", "supplier_delay")
    assert sc.id.endswith("credit_problem+supplier_delay")
    assert sim.scenario("standard", "hard", 3, ()).complications == ()


@pytest.mark.parametrize("spec,field", [
    (ScenarioSpec("rush", "easy", 1), "type"),
    (ScenarioSpec("standard", "extreme", 1), "difficulty"),
    (ScenarioSpec("standard", "easy", "1"), "seed"),  # type: ignore[arg-type]
    (ScenarioSpec("standard", "easy", 1, ("meteor_strike",)), "complications"),
])
def test_bad_specs_are_validation_errors(company, spec, field):
    with pytest.raises(ValidationError) as err:
        generate_scenario(company, spec)
    assert err.value.field == field


@pytest.mark.parametrize("kind", TYPES)
def test_brief_is_in_the_customers_words(sim, kind):
    for seed in range(10):
        sc = sim.scenario(kind, "medium", seed)
        body = sc.brief.body
        customer = sim.company.customer(sc.truth.account)
        assert customer.company in body
        assert sc.brief.channel.value in ("email", "phone", "web_form", "forwarded")
        assert sc.brief.sender and sc.brief.subject and len(body) > 120
        if sc.truth.customer_ref:
            assert sc.truth.customer_ref in body


def test_type_specific_truth(sim):
    for seed in range(15):
        urgent = sim.scenario("urgent", "easy", seed).truth
        assert urgent.priority == "urgent"
        assert "SRV-EXP-NDAY" in {ln.code for ln in urgent.lines}
        bespoke = sim.scenario("bespoke", "easy", seed)
        made = [ln for ln in bespoke.truth.lines
                if sim.company.product(ln.code).kind is ProductKind.MADE_TO_ORDER]
        assert made and all(ln.options for ln in made)
        assert any(k.startswith("option:") for k in bespoke.truth.must_ask)
        assert "bespoke" in {a.type for a in bespoke.truth.required_approvals}


def test_truth_prices_come_from_the_catalogue(sim):
    for seed in range(20):
        sc = sim.scenario("bespoke", "hard", seed)
        for line in sc.truth.lines:
            product = sim.company.product(line.code)
            assert line.unit_price == product.price_for(line.options)
            assert not product.discontinued
            assert line.qty % product.pack_size == 0 and line.qty >= product.min_qty


def test_required_approvals_match_the_policy_rules(sim):
    for kind in TYPES:
        for seed in range(15):
            sc = sim.scenario(kind, "hard", seed)
            ctx = Ctx(sim.company, sc)
            lines = tuple(OrderLine(i, ln.code, ln.qty, ln.unit_price, ln.discount_pct,
                                    ln.options) for i, ln in enumerate(sc.truth.lines, 1))
            order = Order(account=sc.truth.account, lines=lines)
            reqs = required_approvals(sim.company, ctx.customer(sc.truth.account), order)
            assert {(r.type.value, r.role.value) for r in reqs} == {
                (a.type, a.role) for a in sc.truth.required_approvals}


def _check(sim, sc, code, **order_fields):
    """A stock check of the truth line ``code`` at the start of the scenario."""
    line = next(ln for ln in sc.truth.lines if ln.code == code)
    order = Order(requested_date=order_fields.get("requested_date", sc.truth.requested_date),
                  priority=Priority(sc.truth.priority), lines=(OrderLine(1, code, line.qty,
                                                               line.unit_price),))
    return check_line(Ctx(sim.company, sc), RunState(), order, order.lines[0])


def test_stock_shortage_leaves_the_requested_item_short(sim):
    for variant in ("substitute", "later_date", "part_ship"):
        sc = sim.find("standard", "stock_shortage", variant)
        ar = sc.truth.as_requested
        asked = _check(sim, sc, ar.code, requested_date=ar.requested_date) \
            if variant != "substitute" else None
        if asked is not None:
            assert asked["outcome"] == "short"
        assert "shortage_preference" in sc.truth.must_ask
        assert _check(sim, sc, ar.code)["outcome"] in (
            "available", "available_by_date") or variant == "part_ship"


def test_supplier_delay_line_relies_on_incoming_stock(sim):
    sc = sim.find("standard", "supplier_delay", "incoming")
    code = sc.truth.complication("supplier_delay").key_facts[0]
    assert _check(sim, sc, code)["outcome"] == "available_by_date"
    event = sc.events[0]
    assert event.trigger == "after_submit" and event.needs_follow_up
    assert event.sla_minutes == 240


def test_credit_problem_variants(sim):
    stop = sim.find("standard", "credit_problem", "on_stop")
    assert sim.company.customer(stop.truth.account).status.value == "on_stop"
    over = sim.find("standard", "credit_problem", "over_limit")
    ctx = Ctx(sim.company, over)
    customer = ctx.customer(over.truth.account)
    assert over.account_overrides
    assert any(a.type == "credit" for a in over.truth.required_approvals)
    assert customer.balance >= Decimal(0)


def test_other_scenarios_stay_within_credit(sim):
    for seed in range(30):
        sc = sim.scenario("standard", "medium", seed)
        if "credit_problem" not in sc.complications:
            assert "credit" not in {a.type for a in sc.truth.required_approvals}


def test_unauthorised_caller_is_not_the_contact(sim):
    for variant in ("listed", "unlisted"):
        sc = sim.find("standard", "unauthorised_caller", variant)
        caller = sc.truth.caller
        assert not caller.authorised and caller.name in sc.brief.body
        contact = sim.company.customer(sc.truth.account).contact(sc.truth.contact_id)
        assert contact.may_order and caller.contact_id != contact.id
        assert sc.brief.channel.value == "phone"


def test_wrong_code_puts_another_code_in_the_brief(sim):
    for variant in ("mismatch", "discontinued"):
        sc = sim.find("standard", "wrong_product_code", variant)
        wrong, right = sc.truth.complication("wrong_product_code").key_facts
        assert wrong in sc.brief.body and wrong != right
        assert right in {ln.code for ln in sc.truth.lines}
        assert sim.company.product(wrong).discontinued == (variant == "discontinued")


def test_address_differs_from_the_default(sim):
    for variant in ("other_site", "new_site"):
        sc = sim.find("standard", "address_differs", variant)
        default = sim.company.customer(sc.truth.account).delivery_addresses[0]
        assert sc.truth.delivery.key() != default.key()
        assert sc.truth.delivery.postcode in sc.brief.body
        assert (sc.truth.delivery.id == "") == (variant == "new_site")


def test_quantity_change_and_discount_and_query(sim):
    qc = sim.find("standard", "quantity_change")
    a = qc.truth.amendment
    assert a.from_qty != a.to_qty
    assert {ln.code: ln.qty for ln in qc.truth.lines}[a.code] == a.to_qty
    disc = sim.find("standard", "discount_over_authority", "sales_manager")
    assert all(ln.discount_pct > 15 for ln in disc.truth.lines)
    assert {a.role for a in disc.truth.required_approvals} == {"sales_manager"}
    query = sim.find("standard", "delivery_query", "short_delivery")
    assert query.events[0].trigger == "at_delivery"
    amb = sim.find("standard", "ambiguous_requirement", "date")
    assert "requested_date" in amb.truth.must_ask and "week of" in amb.brief.body

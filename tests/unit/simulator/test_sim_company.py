"""The simulated company's seed data and the pure lookups over it."""

from __future__ import annotations

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portfolio.devdata.crm_generator import generate_crm
from portfolio.errors import DomainError
from portfolio.simulator.domain import Company, search_customers, search_products
from portfolio.simulator.domain.company.catalogue import Incoming, ProductKind, Stock
from portfolio.simulator.domain.company.crm import AccountStatus, valid_postcode

DOMAIN = Path(__file__).resolve().parents[3] / "portfolio" / "simulator" / "domain"
ALLOWED = ("portfolio.simulator.domain", "portfolio.framework.domain", "portfolio.errors")
FORBIDDEN = {"flask", "sqlalchemy", "yaml", "faker", "werkzeug", "jinja2"}
CODE = re.compile(r"^[A-Z]{3}(-[A-Z0-9]{1,5}){2,3}$")


def test_domain_imports_only_the_standard_library_and_itself():
    paths = sorted(DOMAIN.rglob("*.py"))
    assert len(paths) > 50  # the sub-packages are searched too
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
                if name.startswith("portfolio"):
                    assert name.startswith(ALLOWED), f"{path.name} imports {name}"


def test_policy_has_numbered_clauses_and_machine_readable_thresholds(company):
    policy = company.policy
    assert len(policy.sections) >= 8
    ids = [c.id for c in policy.clauses]
    assert len(ids) == len(set(ids)) and all(re.match(r"^\d+\.\d+$", i) for i in ids)
    assert policy.number("discount_self", "max_pct") == Decimal("5")
    assert policy.number("discount_supervisor", "max_pct") == Decimal("15")
    assert policy.value("discount_manager", "role") == "sales_manager"
    assert policy.value("urgent_cutoff", "cutoff") == "14:00"
    assert policy.integer("follow_up_sla", "supplier_delay_hours") > 0
    assert policy.number("bespoke_deposit", "deposit_pct") > 0
    assert company.product(policy.value("urgent_express", "product_code")) is not None
    for key in ("identity_check", "confirmation", "stock_check", "credit_on_stop",
                "credit_limit", "bespoke_non_cancellable", "urgent_stock", "issue_log"):
        assert policy.clause(key).text


def test_unknown_policy_key_is_a_domain_error(company):
    with pytest.raises(DomainError):
        company.policy.ref("no_such_rule")


def test_catalogue_size_codes_and_categories(company):
    products = company.products
    assert len(products) >= 40
    assert len({p.category for p in products}) >= 5
    assert all(CODE.match(p.code) for p in products), [p.code for p in products
                                                      if not CODE.match(p.code)]
    assert len({p.code for p in products}) == len(products)
    for p in products:
        assert p.name and p.description and p.features and p.benefits and p.usps
        assert p.unit_price > 0 and p.unit_price == p.unit_price.quantize(Decimal("0.01"))
        assert p.vat_rate >= 0 and p.pack_size >= 1 and p.min_qty >= 1
        assert all(company.product(s) for s in p.substitutes)
        assert p.stock.on_hand >= p.stock.reserved >= 0


def test_discontinued_products_name_a_live_replacement(company):
    gone = [p for p in company.products if p.discontinued]
    assert len(gone) >= 3
    for p in gone:
        replacement = company.product(p.replaced_by)
        assert replacement is not None and not replacement.discontinued


def test_configurable_products_have_options_constraints_and_price_deltas(company):
    made = [p for p in company.products if p.configurable]
    assert len(made) >= 5
    assert all(p.kind is ProductKind.MADE_TO_ORDER for p in made)
    assert any(o.free_text for p in made for o in p.options)
    assert sum(1 for p in made if p.constraints) >= 4
    desk = company.product("BSP-DSK-MTM")
    chosen = {"width_mm": "2400", "depth_mm": "700", "finish": "walnut",
              "cable_management": "tray"}
    assert desk.constraints[0].violated(chosen)
    assert desk.price_for(chosen) == desk.unit_price + Decimal("110") + Decimal("60") + 35


def test_stock_free_now_and_forecast_at_a_date():
    stock = Stock(10, 4, (Incoming(5, 3), Incoming(7, 10)))
    assert stock.free_now == 6
    assert stock.forecast_at(2) == 6
    assert stock.forecast_at(3) == 11
    assert stock.forecast_at(date(2026, 1, 15), start=date(2026, 1, 5)) == 18
    assert stock.first_day_covering(11) == 3
    assert stock.first_day_covering(30) is None
    assert Stock(2, 5).free_now == 0


def test_crm_accounts(company):
    customers = company.customers
    assert len(customers) >= 50
    assert len({c.account for c in customers}) == len(customers)
    assert sum(c.status is AccountStatus.ON_STOP for c in customers) >= 3
    for c in customers:
        assert c.authorised() and any(not x.may_order for x in c.contacts)
        assert len(c.delivery_addresses) >= 2 and c.history
        assert all(valid_postcode(a.postcode) for a in (c.billing_address,
                                                        *c.delivery_addresses))
        assert c.credit_limit > 0 and c.payment_terms
        assert all("@" in x.email and x.phone for x in c.contacts)


def test_question_bank_covers_every_spin_type(company):
    assert {q.spin.value for q in company.questions} == {
        "situation", "problem", "implication", "need_payoff"}
    assert len({q.id for q in company.questions}) == len(company.questions)
    revealed = {k for q in company.questions for k in q.reveals}
    assert {"product", "quantity", "requested_date", "shortage_preference",
            "option:size", "option:finish", "option:extras", "option:branding"} <= revealed


def test_search_customers_by_name_account_and_postcode(company):
    c = company.customers[7]
    assert c in search_customers(company, c.company.split()[0].lower())
    assert search_customers(company, c.account.lower()) == (c,)
    postcode = c.delivery_addresses[0].postcode
    assert c in search_customers(company, postcode.replace(" ", "").lower())
    assert search_customers(company, "   ") == ()


def test_search_products_by_words_and_category(company):
    found = search_products(company, "oak desk")
    assert found and all("oak" in (p.name + p.description).lower() for p in found)
    assert all(p.category == "seating" for p in search_products(company, "", "seating"))
    assert search_products(company, "chair", "Seating")
    assert search_products(company, "zzzz") == ()


def test_from_dict_accepts_bare_lists(documents):
    company = Company.from_dict({
        "policy": documents["policy"], "products": documents["products"]["products"],
        "customers": documents["customers"]["customers"],
        "questions": documents["questions"]["questions"]})
    assert len(company.products) == len(documents["products"]["products"])
    assert company.categories


@pytest.mark.parametrize("broken", [
    {"policy": {}},
    {"products": [{"code": "X"}]},
    {"customers": {"customers": "nope"}},
    {"questions": [{"id": "Q", "spin": "nonsense", "text": "?", "reveals": []}]},
])
def test_malformed_company_data_is_a_domain_error(documents, broken):
    with pytest.raises(DomainError):
        Company.from_dict({**documents, **broken})


def test_crm_generator_is_deterministic_and_complete():
    first, second = generate_crm(seed=7, count=12), generate_crm(seed=7, count=12)
    assert first == second and len(first) == 12
    account = first[0]
    assert set(account) >= {"account", "company", "status", "contacts", "billing_address",
                            "delivery_addresses", "payment_terms", "credit_limit", "balance",
                            "marketing_consent", "history"}
    assert any(c["may_order"] for c in account["contacts"])
    assert generate_crm(seed=8, count=3) != generate_crm(seed=7, count=3)


def test_crm_generator_main_writes_loadable_yaml(tmp_path, documents):
    import yaml

    from portfolio.devdata.crm_generator import main

    target = tmp_path / "crm.yaml"
    assert main([str(target)]) == 0
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(doc["customers"]) == 60
    assert len(Company.from_dict({**documents, "customers": doc}).customers) == 60

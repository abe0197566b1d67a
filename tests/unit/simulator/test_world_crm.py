"""The CRM looks like real UK trade accounts: towns, postcodes, domains, history."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portfolio.devdata.crm_generator import generate_crm, slug
from portfolio.simulator.domain.clock import SIM_EPOCH
from portfolio.simulator.domain.company.gazetteer import (
    TOWNS,
    postcode_fits_town,
    split_postcode,
    town,
)

PHONE = re.compile(r"^(0\d{2,4} \d{3,4} ?\d{3,4}|07700 900\d{3})$")
REFERENCE = re.compile(r"^(SO|QU|INV)-\d{5}$")


def _addresses(customer):
    return (customer.billing_address, *customer.delivery_addresses)


def test_every_postcode_is_well_formed_and_in_its_town(company):
    checked = 0
    for c in company.customers:
        for a in _addresses(c):
            assert split_postcode(a.postcode), a.postcode
            assert postcode_fits_town(a.postcode, a.town), (
                c.account,
                a.town,
                a.postcode,
            )
            assert town(a.town).county == a.county, (a.town, a.county)
            checked += 1
    assert checked > 150


@pytest.mark.parametrize("bad", ["RM2P 4BX", "GY36", "LE1 4CX", "le14ab", "LE1  4AB X"])
def test_malformed_postcodes_are_refused(bad):
    assert split_postcode(bad) is None


def test_a_postcode_from_another_area_does_not_fit_the_town():
    assert postcode_fits_town("LE1 4AB", "Leicester")
    assert not postcode_fits_town("GY3 6AB", "Leicester")
    assert not postcode_fits_town("NG1 4AB", "Leicester")
    assert not postcode_fits_town("LE1 4AB", "Thompsonport")


def test_gazetteer_areas_are_consistent():
    for t in TOWNS:
        assert len({re.sub(r"\d.*", "", d) for d in t.districts}) == 1, t.town
    assert len({t.town for t in TOWNS}) == len(TOWNS) >= 50


def test_domains_are_whole_and_fit_the_company(company):
    for c in company.customers:
        trading = re.sub(r" (Ltd|LLP)$", "", c.company)
        domain = slug(trading)
        assert c.email.endswith(f"@{domain}.co.uk") or c.email.endswith(
            f"@{domain}.org.uk"
        ), (c.company, c.email)
        for person in c.contacts:
            assert person.email.split("@")[1] == c.email.split("@")[1]
            first, last = (slug(x) for x in person.name.split(maxsplit=1))
            assert person.email.startswith(f"{first}.{last}@")


def test_contacts_have_titles_phones_and_ordering_rights(company):
    for c in company.customers:
        assert PHONE.match(c.phone), c.phone
        assert c.authorised() and any(not x.may_order for x in c.contacts)
        for person in c.contacts:
            assert person.role and PHONE.match(person.phone), person.phone


def test_the_usual_delivery_address_is_on_the_account(company):
    for c in company.customers:
        assert c.default_delivery and c.address(c.default_delivery) is not None
        assert c.default_address() == c.delivery_addresses[0]
        assert c.default_address().label == "Main office"


def test_every_history_entry_is_dated_and_referenced(company):
    for c in company.customers:
        assert c.history
        names = {x.name for x in c.contacts}
        for h in c.history:
            when = date.fromisoformat(h.date)
            assert when < SIM_EPOCH and when.weekday() < 5
            assert (SIM_EPOCH - when).days == h.days_ago
            assert REFERENCE.match(h.reference) and h.reference in h.summary
            assert h.contact in names
        assert [h.days_ago for h in c.history] == sorted(h.days_ago for h in c.history)


def test_the_committed_crm_is_what_the_generator_makes(documents):
    assert documents["customers"]["customers"] == generate_crm()

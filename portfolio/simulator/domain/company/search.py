"""Searching the CRM and the catalogue the way a person types a query."""

from __future__ import annotations

from portfolio.simulator.domain.company.catalogue import Product
from portfolio.simulator.domain.company.crm import Customer, norm_postcode
from portfolio.simulator.domain.company.model import Company


def search_customers(company: Company, q: str) -> tuple[Customer, ...]:
    """Customers whose name, account number, contact or postcode matches ``q``."""
    words = q.casefold().split()
    if not words:
        return ()
    code = norm_postcode(q)
    return tuple(c for c in company.customers if _customer_matches(c, words, code))


def _customer_matches(c: Customer, words: list[str], code: str) -> bool:
    """Whether one customer matches the query."""
    if c.account.casefold() == code.casefold():
        return True
    if len(code) >= 3 and any(p.startswith(code) for p in c.search_postcodes):
        return True
    names = c.search_names
    return all(w in names for w in words)


def search_products(
    company: Company, q: str, category: str | None = None
) -> tuple[Product, ...]:
    """Products matching every word of ``q`` in code, name, description or features."""
    words = q.casefold().split()
    cat = (category or "").casefold()
    found = []
    for p in company.products:
        if cat and cat not in (p.category.casefold(), _cat_name(company, p.category)):
            continue
        text = " ".join((p.code, p.name, p.description, *p.features)).casefold()
        if all(w in text for w in words):
            found.append(p)
    return tuple(found)


def _cat_name(company: Company, cat_id: str) -> str:
    """Case-folded display name of a category."""
    return next((c.name.casefold() for c in company.categories if c.id == cat_id), "")

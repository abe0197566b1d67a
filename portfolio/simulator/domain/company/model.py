"""The simulated company: policy, catalogue, CRM and question bank, by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from portfolio.simulator.domain.company.calendar import (
    BusinessCalendar,
    calendar_from_dict,
)
from portfolio.simulator.domain.company.catalogue import Product, product_from_dict
from portfolio.simulator.domain.company.crm import Customer, customer_from_dict
from portfolio.simulator.domain.company.policy import Policy
from portfolio.simulator.domain.errors import SeedDataError


class Spin(StrEnum):
    """SPIN selling question types."""

    SITUATION = "situation"
    PROBLEM = "problem"
    IMPLICATION = "implication"
    NEED_PAYOFF = "need_payoff"


@dataclass(frozen=True)
class Question:
    """A clarifying question and the kinds of fact its answer reveals."""

    id: str
    spin: Spin
    text: str
    reveals: tuple[str, ...]
    categories: tuple[str, ...] = ()  # product categories it fits; empty: any order


@dataclass(frozen=True)
class Category:
    """A catalogue category."""

    id: str
    name: str


@dataclass(frozen=True)
class Company:
    """Everything the simulator knows about the simulated company."""

    policy: Policy
    categories: tuple[Category, ...]
    products: tuple[Product, ...]
    customers: tuple[Customer, ...]
    questions: tuple[Question, ...]
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Company:
        """Build from ``{policy, products, customers, questions}`` (parsed seeds)."""
        try:
            products_doc = d["products"]
            products = _items(products_doc, "products")
            cats = (
                products_doc.get("categories", ())
                if isinstance(products_doc, Mapping)
                else ()
            )
            return cls(
                policy=Policy.from_dict(d["policy"]),
                categories=_categories(cats, products),
                products=tuple(product_from_dict(p) for p in products),
                customers=tuple(
                    customer_from_dict(c) for c in _items(d["customers"], "customers")
                ),
                questions=tuple(
                    _question(q) for q in _items(d["questions"], "questions")
                ),
                calendar=calendar_from_dict(d.get("calendar")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, SeedDataError):
                raise
            raise SeedDataError(f"company data: missing or malformed {exc}") from exc

    @cached_property
    def _products(self) -> dict[str, Product]:
        """Products by code."""
        return {p.code: p for p in self.products}

    @cached_property
    def _customers(self) -> dict[str, Customer]:
        """Customers by account number."""
        return {c.account: c for c in self.customers}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    def product(self, code: str | None) -> Product | None:
        """The product with ``code`` (exact, case-insensitive)."""
        return self._products.get((code or "").strip().upper())

    def customer(self, account: str | None) -> Customer | None:
        """The customer with account number ``account``."""
        return self._customers.get((account or "").strip().upper())

    def question(self, question_id: str) -> Question | None:
        """The question with ``question_id``."""
        return self._questions.get(question_id)


def _items(doc: object, key: str) -> list[Any]:
    """Accept either a parsed seed file (a mapping holding ``key``) or the bare list."""
    items = doc.get(key) if isinstance(doc, Mapping) else doc
    if not isinstance(items, list):
        raise SeedDataError(f"{key}: expected a list", key)
    return items


def _categories(cats: object, products: list[Any]) -> tuple[Category, ...]:
    """Declared categories, or those the products use."""
    if isinstance(cats, list | tuple) and cats:
        return tuple(Category(str(c["id"]), str(c["name"])) for c in cats)
    ids = dict.fromkeys(str(p["category"]) for p in products)
    return tuple(Category(i, i.replace("_", " ").title()) for i in ids)


def _question(d: Mapping[str, Any]) -> Question:
    """Build one question."""
    return Question(
        str(d["id"]),
        Spin(d["spin"]),
        " ".join(str(d["text"]).split()),
        tuple(str(r) for r in d["reveals"]),
        tuple(str(c) for c in d.get("categories") or ()),
    )

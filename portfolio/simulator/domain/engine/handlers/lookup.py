"""Handlers that look things up: the brief, the CRM, the catalogue, the customer."""

from __future__ import annotations

from typing import Any

from portfolio.simulator.domain.company.crm import Contact, Customer
from portfolio.simulator.domain.company.search import search_customers, search_products
from portfolio.simulator.domain.engine.context import Ctx
from portfolio.simulator.domain.engine.guards import refuse
from portfolio.simulator.domain.engine.records import Asked, Verification
from portfolio.simulator.domain.engine.run_state import RunState, evolve
from portfolio.simulator.domain.errors import ValidationError
from portfolio.simulator.domain.people.persona import voiced
from portfolio.simulator.domain.people.verification import (
    DETAILS,
    compare,
    held_detail_matched,
)
from portfolio.simulator.domain.scenarios.facts import answer
from portfolio.simulator.domain.scenarios.questions import fits, not_relevant
from portfolio.simulator.domain.serial import to_plain

Result = tuple[RunState, dict[str, Any]]


def read_brief(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Show the customer's request."""
    return st, {"brief": to_plain(ctx.scenario.brief)}


def search_crm(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Customers matching a name, account number or postcode."""
    found = search_customers(ctx.company, p["query"])[:20]
    return st, {
        "results": [
            {
                "account": c.account,
                "company": c.company,
                "status": c.status.value,
                "postcode": c.delivery_addresses[0].postcode,
            }
            for c in found
        ]
    }


def open_customer(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """A customer's account, as the CRM shows it."""
    customer = ctx.customer(p["account"])
    if customer is None:
        refuse("unknown_account", f"No customer has account number {p['account']}.")
    opened = (
        st.opened if customer.account in st.opened else st.opened + (customer.account,)
    )
    return evolve(st, opened=opened), {"customer": to_plain(customer)}


def verify_caller(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Compare who the caller or sender says they are with what the CRM holds.

    The learner names the contact the caller claims to be and types the details
    the caller gave (``name``, ``phone``, ``email``, ``postcode``); each is compared
    with the record. Without a detail we hold, only the name was matched.
    """
    customer = ctx.customer(p["account"])
    if customer is None:
        refuse("unknown_account", f"No customer has account number {p['account']}.")
    contact = customer.contact(p.get("contact_id"))
    if p.get("contact_id") and contact is None:
        refuse(
            "unknown_contact", f"{p['contact_id']} is not a contact on this account."
        )
    checks = compare(customer, contact, {k: str(p.get(k) or "") for k in DETAILS})
    caller = ctx.scenario.truth.caller
    verified = bool(
        contact
        and customer.account == ctx.scenario.truth.account
        and contact.id == caller.contact_id
        and all(c.matches for c in checks)
    )
    authorised = verified and bool(contact and contact.may_order)
    message = _verify_message(ctx, customer, contact, verified, authorised)
    if verified and not held_detail_matched(checks):
        message += (
            " Only the name was matched: ask for a detail we hold (the phone number "
            "or e-mail on record, or the postcode) and compare it."
        )
    rec = Verification(
        seq,
        st.clock,
        customer.account,
        p.get("contact_id"),
        verified,
        authorised,
        tuple(c.field for c in checks if c.matches),
    )
    return evolve(st, verifications=st.verifications + (rec,)), {
        "verified": verified,
        "authorised": authorised,
        "message": message,
        "compared": [
            {"detail": c.field, "given": c.given, "matches_record": c.matches}
            for c in checks
        ],
    }


def _verify_message(
    ctx: Ctx,
    customer: Customer,
    contact: Contact | None,
    verified: bool,
    authorised: bool,
) -> str:
    """What the identity check tells the learner."""
    ref = ctx.policy.ref
    may = ", ".join(c.name for c in customer.authorised())
    if not verified or contact is None:  # only a known contact is ever verified
        who = f"{contact.name}'s record" if contact else "any contact on this account"
        return (
            f"The caller's details do not match {who}. Do not disclose account "
            f"information; confirm the order only with an authorised contact ({may}) "
            f"on the number or e-mail we hold (policy {ref('identity_check')}, "
            f"{ref('authorised_contacts')})."
        )
    if not authorised:
        return (
            f"Identity confirmed: {contact.name} ({contact.role}) is on the account "
            "but is "
            f"NOT authorised to place orders. Authorised: {may} "
            f"(policy {ref('authorised_contacts')})."
        )
    return f"Identity confirmed: {contact.name} ({contact.role}) may place orders."


def ask_question(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Ask the customer a question; they answer from the truth, in their own tone.

    A question that does not fit the order gets a natural "not relevant" answer,
    reveals nothing and is recorded as noise.
    """
    question = ctx.company.question(p["question_id"])
    if question is None:
        raise ValidationError(
            f"no question {p['question_id']!r} in the bank", "question_id"
        )
    key = f"{ctx.scenario.id}:q:{question.id}:{len(st.questions)}"
    relevant = fits(ctx.company, ctx.scenario, question)
    if relevant:
        reply = voiced(
            ctx.scenario.truth.persona, answer(question, ctx.scenario.truth.facts), key
        )
        reveals = question.reveals
    else:
        reply, reveals = not_relevant(ctx.company, ctx.scenario, key), ()
    rec = Asked(seq, st.clock, question.id, reveals, reply, relevant)
    return evolve(st, questions=st.questions + (rec,)), {
        "question": question.text,
        "spin": question.spin.value,
        "answer": reply,
        "relevant": relevant,
    }


def search_catalogue(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """Products matching a query and category."""
    found = search_products(ctx.company, p.get("query", ""), p.get("category"))
    return st, {
        "results": [
            {
                "code": x.code,
                "name": x.name,
                "category": x.category,
                "unit_price": str(x.unit_price),
                "discontinued": x.discontinued,
            }
            for x in found[:50]
        ]
    }


def view_product(ctx: Ctx, st: RunState, p: dict[str, Any], seq: int) -> Result:
    """A product's details (stock is shown by a stock check)."""
    product = ctx.product(p["code"])
    if product is None:
        refuse("unknown_product", f"There is no product with code {p['code']}.")
    shown = to_plain(product)
    shown.pop("stock", None)
    return st, {"product": shown}

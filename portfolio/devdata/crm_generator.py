"""Generate the simulated company's CRM accounts (``seeds/crm.yaml``) with Faker.

The generated file is committed and is the source of truth: results never depend on
the installed Faker version.
Regenerate with ``python -m portfolio.devdata.crm_generator``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from faker import Faker

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "seeds" / "crm.yaml"

SECTORS = (
    ("Accountants", "Ltd"),
    ("Solicitors", "LLP"),
    ("Dental Practice", ""),
    ("Logistics", "Ltd"),
    ("Engineering", "Ltd"),
    ("Architects", "Ltd"),
    ("Recruitment", "Ltd"),
    ("Estate Agents", ""),
    ("Housing Association", ""),
    ("Veterinary Surgery", ""),
    ("Print & Design", "Ltd"),
    ("Care Homes", "Ltd"),
    ("Training Centre", ""),
    ("Insurance Brokers", "Ltd"),
    ("Marketing", "Ltd"),
)
ORDERING_ROLES = (
    "Office Manager",
    "Purchasing Manager",
    "Operations Director",
    "Facilities Manager",
    "Practice Manager",
)
OTHER_ROLES = (
    "Receptionist",
    "Finance Assistant",
    "Administrator",
    "IT Support Officer",
    "Team Leader",
)
SITES = ("Warehouse", "Branch office", "Training suite", "North site", "Annexe")
TERMS = ("30 days", "30 days end of month", "14 days", "60 days")
LIMITS = (2000, 5000, 7500, 10000, 15000, 25000, 50000)
HISTORY = (
    "Ordered {n} boxes of A4 copier paper.",
    "Asked for a quotation for {n} sit-stand desks.",
    "Chased an overdue invoice; customer promised payment within 7 days.",
    "Reported a damaged chair on delivery; replacement sent next day.",
    "Asked about delivery times for filing cabinets.",
    "Ordered {n} mesh operator chairs for new starters.",
    "Requested a copy of their latest statement.",
    "Changed their delivery contact for the warehouse.",
    "Discussed the made-to-measure desk range for a refit.",
    "Queried a price on the last invoice; credit note issued.",
)


def generate_crm(seed: int = 2026, count: int = 60) -> list[dict[str, Any]]:
    """Return ``count`` deterministic customer accounts as plain dicts."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    stop_every = 12  # roughly one account in twelve is on stop
    return [_customer(fake, 10001 + i * 7, i % stop_every == 5) for i in range(count)]


def _customer(fake: Faker, number: int, on_stop: bool) -> dict[str, Any]:
    """Build one customer account."""
    account = f"C{number}"
    sector, suffix = fake.random_element(SECTORS)
    company = " ".join(p for p in (fake.last_name(), sector, suffix) if p)
    domain = (
        re.sub(r"[^a-z]", "", company.lower().split()[0])
        + "-"
        + re.sub(r"[^a-z]", "", sector.lower())[:10]
        + ".co.uk"
    )
    limit = fake.random_element(LIMITS)
    ratio = fake.random_int(5, 60) if not on_stop else fake.random_int(95, 130)
    contacts = _contacts(fake, account, domain)
    return {
        "account": account,
        "company": company,
        "status": "on_stop" if on_stop else "active",
        "sector": sector,
        "payment_terms": fake.random_element(TERMS),
        "credit_limit": f"{limit}.00",
        "balance": f"{limit * ratio / 100:.2f}",
        "marketing_consent": fake.pybool(),
        "contacts": contacts,
        "billing_address": _address(fake, None, "Accounts"),
        "delivery_addresses": _deliveries(fake, account),
        "history": _history(fake, contacts),
    }


def _contacts(fake: Faker, account: str, domain: str) -> list[dict[str, Any]]:
    """Two to four contacts: at least one may order and at least one may not."""
    size = fake.random_int(2, 4)
    roles = [fake.random_element(ORDERING_ROLES), fake.random_element(OTHER_ROLES)]
    roles += [
        fake.random_element(ORDERING_ROLES + OTHER_ROLES) for _ in range(size - 2)
    ]
    people = []
    for i, role in enumerate(roles, start=1):
        first, last = fake.first_name(), fake.last_name()
        people.append(
            {
                "id": f"{account}-{i}",
                "name": f"{first} {last}",
                "role": role,
                "phone": fake.phone_number(),
                "email": f"{first}.{last}@{domain}".lower(),
                "may_order": role in ORDERING_ROLES,
            }
        )
    return people


def _address(fake: Faker, ident: str | None, label: str) -> dict[str, Any]:
    """One UK address."""
    if fake.pybool():
        line1 = f"{fake.building_number()} {fake.street_name()}"
        line2 = ""
    else:
        line1 = f"Unit {fake.random_int(1, 40)}"
        kind = fake.random_element(("Business Park", "Trading Estate", "Court"))
        line2 = f"{fake.last_name()} {kind}"
    address = {
        "label": label,
        "line1": line1,
        "line2": line2,
        "town": fake.city(),
        "county": fake.county(),
        "postcode": fake.postcode(),
    }
    return {"id": ident, **address} if ident else address


def _deliveries(fake: Faker, account: str) -> list[dict[str, Any]]:
    """The main site first, then up to three other sites."""
    extra = fake.random_int(1, 3)
    labels = ["Main office"] + list(
        fake.random_elements(SITES, length=extra, unique=True)
    )
    return [
        _address(fake, f"{account}-D{i}", label) for i, label in enumerate(labels, 1)
    ]


def _history(fake: Faker, contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Past interactions, most recent first."""
    days = sorted({fake.random_int(3, 400) for _ in range(fake.random_int(2, 5))})
    return [
        {
            "days_ago": d,
            "channel": fake.random_element(("phone", "email", "visit")),
            "contact": fake.random_element(contacts)["name"],
            "summary": fake.random_element(HISTORY).format(n=fake.random_int(2, 20)),
        }
        for d in days
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the CRM seed file (default ``seeds/crm.yaml``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    doc = {
        "generated_by": "portfolio.devdata.crm_generator",
        "seed": 2026,
        "customers": generate_crm(),
    }
    header = (
        "# Simulated CRM accounts generated with Faker (en_GB, seed 2026).\n"
        "# Committed as the source of truth; regenerate with\n"
        "#   python -m portfolio.devdata.crm_generator\n"
    )
    path.write_text(
        header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=88),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

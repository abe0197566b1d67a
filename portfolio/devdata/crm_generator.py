"""Generate the simulated company's CRM accounts (``seeds/crm.yaml``) with Faker.

Towns, counties and postcode districts come from the committed gazetteer, so every
address is fictional but consistent; phone numbers use Ofcom's drama ranges. The
generated file is committed and is the source of truth: results never depend on the
installed Faker version. Regenerate with ``python -m portfolio.devdata.crm_generator``.
"""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from faker import Faker

from portfolio.simulator.domain.clock import SIM_EPOCH
from portfolio.simulator.domain.company.gazetteer import (
    DRAMA_MOBILE,
    TOWNS,
    PostTown,
    phone,
)

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "seeds" / "crm.yaml"
SEED = 2026
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# (sector, legal suffix, top-level domain, people who may order)
SECTORS = (
    ("Accountants", "Ltd", "co.uk", ("Practice Manager", "Office Manager")),
    ("Solicitors", "LLP", "co.uk", ("Practice Manager", "Office Manager")),
    ("Dental Practice", "", "co.uk", ("Practice Manager",)),
    ("Logistics", "Ltd", "co.uk", ("Operations Director", "Purchasing Manager")),
    ("Engineering", "Ltd", "co.uk", ("Purchasing Manager", "Operations Director")),
    ("Architects", "Ltd", "co.uk", ("Studio Manager", "Office Manager")),
    ("Recruitment", "Ltd", "co.uk", ("Office Manager", "Operations Director")),
    ("Estate Agents", "", "co.uk", ("Branch Manager", "Office Manager")),
    (
        "Housing Association",
        "",
        "org.uk",
        ("Facilities Manager", "Procurement Officer"),
    ),
    ("Veterinary Surgery", "", "co.uk", ("Practice Manager",)),
    ("Print & Design", "Ltd", "co.uk", ("Studio Manager", "Operations Director")),
    ("Care Homes", "Ltd", "co.uk", ("Home Manager", "Facilities Manager")),
    ("Training Centre", "", "org.uk", ("Centre Manager", "Office Manager")),
    ("Insurance Brokers", "Ltd", "co.uk", ("Office Manager", "Finance Director")),
    ("Marketing", "Ltd", "co.uk", ("Operations Director", "Office Manager")),
)
OTHER_ROLES = (
    "Receptionist",
    "Finance Assistant",
    "Administrator",
    "IT Support Officer",
    "Team Leader",
)
SITES = ("Warehouse", "Branch office", "Training suite", "North site", "Annexe")
STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Road",
    "Queen Street",
    "King Street",
    "London Road",
    "Albert Street",
    "Bridge Street",
    "Chapel Street",
    "Market Place",
    "Manor Road",
    "Grange Road",
    "Springfield Road",
    "Windsor Avenue",
    "York Road",
    "Castle Street",
    "North Street",
    "Clarence Street",
    "Oxford Street",
    "Wellington Road",
    "Hawthorn Close",
    "Meadow Way",
    "Brook Street",
    "New Road",
    "Elm Grove",
    "Priory Road",
    "Canal Street",
)
ESTATES = ("Business Park", "Trading Estate", "Enterprise Park", "Court")
TERMS = ("30 days", "30 days end of month", "14 days", "60 days")
LIMITS = (2000, 5000, 7500, 10000, 15000, 25000, 50000)
# (channel, summary, reference prefix); every entry names the document it is about.
HISTORY = (
    ("email", "Ordered {n} boxes of A4 copier paper on {ref}.", "SO"),
    ("email", "Asked for a quotation for {n} sit-stand desks; sent as {ref}.", "QU"),
    ("phone", "Chased invoice {ref}; customer promised payment within 7 days.", "INV"),
    ("phone", "Reported a damaged chair on {ref}; replacement sent next day.", "SO"),
    ("phone", "Asked when {ref} (filing cabinets) would be delivered.", "SO"),
    ("email", "Ordered {n} mesh operator chairs for new starters on {ref}.", "SO"),
    ("email", "Requested a copy of their statement; sent with invoice {ref}.", "INV"),
    ("phone", "Changed the delivery contact for the warehouse on {ref}.", "SO"),
    ("visit", "Discussed the made-to-measure desk range; quotation {ref} left.", "QU"),
    ("phone", "Queried a price on invoice {ref}; credit note issued.", "INV"),
)


def generate_crm(seed: int = SEED, count: int = 60) -> list[dict[str, Any]]:
    """Return ``count`` deterministic customer accounts as plain dicts."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    stop_every = 12  # roughly one account in twelve is on stop
    return [_customer(fake, 10001 + i * 7, i % stop_every == 5) for i in range(count)]


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, ``&`` dropped."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " ")))


def _customer(fake: Faker, number: int, on_stop: bool) -> dict[str, Any]:
    """Build one customer account."""
    account = f"C{number}"
    sector, suffix, tld, orderers = fake.random_element(SECTORS)
    home: PostTown = fake.random_element(TOWNS)
    owner = fake.last_name() if fake.random_int(0, 2) else home.town
    trading = f"{owner} {sector}"
    company = f"{trading} {suffix}".strip()
    domain = f"{slug(trading)}.{tld}"
    limit = fake.random_element(LIMITS)
    ratio = fake.random_int(5, 60) if not on_stop else fake.random_int(95, 130)
    contacts = _contacts(fake, account, domain, orderers, home)
    deliveries = _deliveries(fake, account, home)
    return {
        "account": account,
        "company": company,
        "status": "on_stop" if on_stop else "active",
        "sector": sector,
        "payment_terms": fake.random_element(TERMS),
        "credit_limit": f"{limit}.00",
        "balance": f"{limit * ratio / 100:.2f}",
        "marketing_consent": fake.pybool(),
        "phone": _phone(fake, home),
        "email": f"orders@{domain}",
        "contacts": contacts,
        "billing_address": _address(fake, None, "Accounts", home),
        "default_delivery": deliveries[0]["id"],
        "delivery_addresses": deliveries,
        "history": _history(fake, contacts, number),
    }


def _phone(fake: Faker, home: PostTown) -> str:
    """A drama-range number: the town's own code where Ofcom has one."""
    return phone(home.dialling, fake.random_int(0, 999))


def _contacts(
    fake: Faker, account: str, domain: str, orderers: tuple[str, ...], home: PostTown
) -> list[dict[str, Any]]:
    """Two to four contacts: at least one may order and at least one may not."""
    size = fake.random_int(2, 4)
    roles = [fake.random_element(orderers), fake.random_element(OTHER_ROLES)]
    others = [r for r in OTHER_ROLES if r not in roles]
    roles += list(fake.random_elements(others, length=size - 2, unique=True))
    people = []
    for i, role in enumerate(roles, start=1):
        first, last = fake.first_name(), fake.last_name()
        mobile = i > 1 and fake.pybool()
        number = phone(DRAMA_MOBILE, fake.random_int(0, 999)) if mobile else None
        people.append(
            {
                "id": f"{account}-{i}",
                "name": f"{first} {last}",
                "role": role,
                "phone": number or _phone(fake, home),
                "email": f"{slug(first)}.{slug(last)}@{domain}",
                "may_order": role in orderers,
            }
        )
    return people


def _postcode(fake: Faker, home: PostTown) -> str:
    """A well-formed postcode in one of the town's districts."""
    inward = (
        f"{fake.random_int(1, 9)}"
        f"{fake.random_element(INWARD_LETTERS)}{fake.random_element(INWARD_LETTERS)}"
    )
    return f"{fake.random_element(home.districts)} {inward}"


def _address(
    fake: Faker, ident: str | None, label: str, home: PostTown
) -> dict[str, Any]:
    """One fictional address in a real post town."""
    if fake.pybool():
        line1 = f"{fake.random_int(1, 180)} {fake.random_element(STREETS)}"
        line2 = ""
    else:
        line1 = f"Unit {fake.random_int(1, 40)}"
        line2 = f"{fake.last_name()} {fake.random_element(ESTATES)}"
    address = {
        "label": label,
        "line1": line1,
        "line2": line2,
        "town": home.town,
        "county": home.county,
        "postcode": _postcode(fake, home),
    }
    return {"id": ident, **address} if ident else address


def _deliveries(fake: Faker, account: str, home: PostTown) -> list[dict[str, Any]]:
    """The main site (the default delivery address) first, then up to three more."""
    extra = fake.random_int(1, 3)
    labels = ["Main office"] + list(
        fake.random_elements(SITES, length=extra, unique=True)
    )
    towns = [home] + [
        home if fake.random_int(0, 2) else fake.random_element(TOWNS)
        for _ in labels[1:]
    ]
    return [
        _address(fake, f"{account}-D{i}", label, place)
        for i, (label, place) in enumerate(zip(labels, towns, strict=True), 1)
    ]


def _working_day_before(days: int) -> date:
    """The sim epoch minus ``days``, moved back off a weekend."""
    when = SIM_EPOCH - timedelta(days=days)
    while when.weekday() >= 5:
        when -= timedelta(days=1)
    return when


def _history(
    fake: Faker, contacts: list[dict[str, Any]], number: int
) -> list[dict[str, Any]]:
    """Past interactions, most recent first, each dated and naming its document."""
    days = sorted({fake.random_int(3, 400) for _ in range(fake.random_int(2, 5))})
    entries = []
    for d in days:
        channel, summary, prefix = fake.random_element(HISTORY)
        when = _working_day_before(d)
        ref = f"{prefix}-{(number * 13 + d * 7) % 90000 + 10000}"
        entries.append(
            {
                "date": when.isoformat(),
                "days_ago": (SIM_EPOCH - when).days,
                "channel": channel,
                "contact": fake.random_element(contacts)["name"],
                "reference": ref,
                "summary": summary.format(n=fake.random_int(2, 20), ref=ref),
            }
        )
    return entries


def main(argv: list[str] | None = None) -> int:
    """Write the CRM seed file (default ``seeds/crm.yaml``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    doc = {
        "generated_by": "portfolio.devdata.crm_generator",
        "seed": SEED,
        "customers": generate_crm(),
    }
    header = (
        f"# Simulated CRM accounts generated with Faker (en_GB, seed {SEED}) and the\n"
        "# gazetteer of real post towns; addresses and people are fictional.\n"
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

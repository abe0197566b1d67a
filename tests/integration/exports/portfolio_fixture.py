"""A small but complete portfolio in the database, written directly as rows."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from PIL import Image
from pypdf import PdfWriter

from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.domain.signing import TestimonyState, content_hash
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceClaim, EvidenceItem, EvidenceVersion
from portfolio.evidence.models import Testimony as TestimonyRow
from portfolio.evidence.services.storage import LocalStorage
from portfolio.evidence.services.testimonies import signed_content
from portfolio.framework.models import Criterion, Unit
from portfolio.framework.services import load_framework
from portfolio.simulator.services.portfolio import order_form_document

ROOT = Path(__file__).resolve().parents[3]
APPENDED_PAGES = 3
SIM_ORDER = {
    "account": "ACC-2001",
    "customer": {"company": "Acme Office Supplies Ltd"},
    "contact": {"name": "Pat Buyer", "email": "pat@acme.example", "phone": "0161"},
    "delivery": {"line1": "1 Mill Lane", "town": "Leeds", "postcode": "LS1 1AA"},
    "customer_ref": "PO-778",
    "requested_date": "2026-03-09",
    "instructions": "Deliver to goods in.",
    "lines": [
        {
            "code": "PAP-A4-80-BOX",
            "description": "A4 copier paper, box of 5 reams",
            "qty": 2,
            "unit_price": "21.99",
            "discount_pct": "0",
            "line_total": "43.98",
        },
        {
            "code": "CHR-OPR-MESH-BLK",
            "description": "Mesh operator chair, black",
            "qty": 3,
            "unit_price": "124.50",
            "discount_pct": "5",
            "line_total": "354.83",
        },
    ],
    "totals": {"net": "398.81", "vat": "79.76", "gross": "478.57"},
}
SIM_ORDER_FORM = order_form_document(SimpleNamespace(id=42), SIM_ORDER)


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (29, 112, 184)).save(out, "PNG")
    return out.getvalue()


def _item(
    session,
    learner,
    unit,
    kind,
    title,
    codes,
    *,
    body="",
    data=None,
    upload=None,
    storage=None,
):  # noqa: ANN001, ANN201
    criteria = {c.code: c for c in session.query(Criterion).filter_by(unit_id=unit.id)}
    item = EvidenceItem(
        learner_id=learner.id,
        unit_id=unit.id,
        kind=kind,
        status=Status.SUBMITTED,
        context="workplace",
        current_number=1,
    )
    version = EvidenceVersion(
        number=1,
        title=title,
        evidence_date=date(2026, 3, 2),
        body=body,
        data=json.dumps(data) if data else None,
        submitted_at=datetime(2026, 3, 3, 10, tzinfo=UTC),
    )
    if upload:
        name, media, raw = upload
        version.file_sha256 = storage.put(raw)
        version.file_name, version.media_type, version.file_size = name, media, len(raw)
    version.claims = [
        EvidenceClaim(criterion_id=criteria[c].id, justification="Shows it")
        for c in codes
    ]
    item.versions.append(version)
    session.add(item)
    session.flush()
    return item


def build_portfolio(session, app, people) -> dict:  # noqa: ANN001
    """Evidence of every kind for people['learner']; returns handles for checks."""
    load_framework(session, ROOT / "seeds" / "framework.yaml")
    unit = session.query(Unit).filter_by(code="HSO").one()
    storage = LocalStorage(app.config["STORAGE_DIR"])
    learner = people["learner"]
    hostile = '<img src="file:///etc/passwd"> <link href="http://169.254.169.254/"> @import url(http://x)'
    made = {
        "upload": _item(
            session,
            learner,
            unit,
            Kind.WORK_PRODUCT,
            "Supplier delivery note",
            ["MP1", "MP4"],
            body="Delivery note for order SO-1042.",
            upload=("note.pdf", "application/pdf", _pdf(APPENDED_PAGES)),
            storage=storage,
        ),
        "image": _item(
            session,
            learner,
            unit,
            Kind.WORK_PRODUCT,
            "Order screen",
            ["MP1"],
            body="Screenshot of the order I entered.",
            upload=("screen.png", "image/png", _png()),
            storage=storage,
        ),
        "reflection": _item(
            session,
            learner,
            unit,
            Kind.REFLECTION,
            "What I learned " + hostile,
            ["K1", "K2"],
            body="I learned to *check stock* first. " + hostile,
        ),
        "testimony": _item(
            session,
            learner,
            unit,
            Kind.WITNESS_TESTIMONY,
            "Supervisor testimony",
            ["MP2"],
        ),
        "simulator": _item(
            session,
            learner,
            unit,
            Kind.WORK_PRODUCT,
            "Completed order form",
            ["MP1", "R1"],
            data={
                "document": SIM_ORDER_FORM,
                "run_id": 42,
                "score": {
                    "MP1": {"met": True, "findings": []},
                    "MP4": {
                        "met": False,
                        "findings": [{"message": "Discount not approved"}],
                    },
                },
            },
        ),
    }
    made["simulator"].sim_run_id = None
    t = TestimonyRow(
        item_id=made["testimony"].id,
        learner_id=learner.id,
        witness_name="Sam Supervisor",
        witness_email="supervisor@test.example",
        witness_job_title="Sales office supervisor",
        relationship_to_learner="Line manager",
        witnessed="Order entry",
        date_from=date(2026, 2, 1),
        date_to=date(2026, 3, 1),
        criteria_codes='["MP2"]',
        state=TestimonyState.AWAITING,
        statement="Jordan confirms every order with the customer.",
        signer_name="Sam Supervisor",
        signer_job_title="Sales office supervisor",
        declaration="I confirm this is true.",
        signed_at=datetime(2026, 3, 4, 9, tzinfo=UTC),
    )
    session.add(t)
    session.flush()
    t.state = TestimonyState.SIGNED
    t.content_sha256 = content_hash(signed_content(t))
    session.flush()
    made["testimony_row"] = t
    session.commit()
    return made
